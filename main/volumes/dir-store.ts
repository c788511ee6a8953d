import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';
import type { VolumeEntry } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { joinSegments } from './safe-path';
import { MAX_ENTRIES, SIZE_BUDGET, type EntryInfo, type Listing, type VolumeStore } from './volume-store';

const isWithin = (root: string, p: string): boolean => p === root || p.startsWith(root + path.sep);

function code(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
}

const notFound = (segments: readonly string[]): AppError =>
  new AppError('NOT_FOUND', `"${joinSegments(segments) || '/'}" does not exist in this volume (any more). Refresh the folder.`);

const escapes = (segments: readonly string[]): AppError =>
  new AppError('FORBIDDEN_PATH', `"${joinSegments(segments)}" goes through a symbolic link that points outside the volume, so Slipway will not follow it.`);

function kindOf(st: fs.Stats): VolumeEntry['kind'] {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/**
 * A volume that is a host directory (project/stage/instance scopes, absolute paths). Every path is
 * resolved with realpath and must stay under the volume's real root, so symbolic links that point
 * outside are refused; writes never follow a link in the last component.
 */
export class DirStore implements VolumeStore {
  constructor(private readonly root: string) {}

  private async realRoot(): Promise<string> {
    try {
      return await fsp.realpath(this.root);
    } catch (e) {
      if (code(e) === 'ENOENT') throw new AppError('NOT_FOUND', 'This volume has no files yet: it is created by the first deploy that mounts it.');
      throw e;
    }
  }

  /** The real path of an existing entry, following links only while they stay inside. */
  private async resolve(segments: readonly string[]): Promise<string> {
    const root = await this.realRoot();
    let real: string;
    try {
      real = await fsp.realpath(path.join(root, ...segments));
    } catch (e) {
      if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') throw notFound(segments);
      if (code(e) === 'ELOOP') throw escapes(segments);
      throw e;
    }
    if (!isWithin(root, real)) throw escapes(segments);
    return real;
  }

  /** Parent folder (resolved) and the plain last name, for creating or removing an entry. */
  private async parentOf(segments: readonly string[]): Promise<{ dir: string; name: string }> {
    const name = segments[segments.length - 1];
    if (name === undefined) throw new AppError('FORBIDDEN_PATH', 'The root of a volume cannot be replaced or deleted.');
    const dir = await this.resolve(segments.slice(0, -1));
    if (!(await fsp.stat(dir)).isDirectory()) throw new AppError('CONFLICT', `"${joinSegments(segments.slice(0, -1))}" is a file, not a folder.`);
    return { dir, name };
  }

  async list(segments: readonly string[]): Promise<Listing> {
    const dir = await this.resolve(segments);
    if (!(await fsp.stat(dir)).isDirectory()) throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a file, not a folder.`);
    const names = (await fsp.readdir(dir)).sort((a, b) => a.localeCompare(b));
    const budget = { left: SIZE_BUDGET };
    const entries: VolumeEntry[] = [];
    for (const name of names.slice(0, MAX_ENTRIES)) {
      const full = path.join(dir, name);
      let st: fs.Stats;
      try {
        st = await fsp.lstat(full);
      } catch {
        continue; // removed while listing
      }
      const kind = kindOf(st);
      const linkTarget = kind === 'symlink' ? await fsp.readlink(full).catch(() => null) : null;
      const size = kind === 'dir' ? await folderSize(full, budget) : st.size;
      entries.push({ name, kind, size, mtime: Math.round(st.mtimeMs), linkTarget });
    }
    return { entries, truncated: names.length > MAX_ENTRIES };
  }

  async stat(segments: readonly string[]): Promise<EntryInfo> {
    const st = await fsp.stat(await this.resolve(segments));
    return { kind: kindOf(st), size: st.size, mtime: Math.round(st.mtimeMs) };
  }

  async read(segments: readonly string[]): Promise<Readable> {
    const real = await this.resolve(segments);
    // O_NOFOLLOW: the path was checked link-free; a link swapped in since then is not followed.
    const handle = await fsp.open(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a folder, not a file.`);
    }
    return handle.createReadStream();
  }

  async readTar(segments: readonly string[]): Promise<Readable> {
    const real = await this.resolve(segments);
    const tar = pack();
    const base = segments[segments.length - 1] ?? 'volume';
    void addTree(tar, real, base)
      .then(() => tar.finalize())
      .catch((e: unknown) => tar.destroy(e instanceof Error ? e : new Error(String(e))));
    // tar-stream's Pack is a streamx Readable; Node's pipeline accepts it.
    return tar as unknown as Readable;
  }

  async write(segments: readonly string[], body: Readable, _size: number): Promise<void> {
    const { dir, name } = await this.parentOf(segments);
    const existing = await fsp.lstat(path.join(dir, name)).catch(() => null);
    if (existing?.isDirectory()) throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a folder; pick another name for the file.`);
    // Written beside the target and renamed: readers never see half a file, and a link named like the
    // target is replaced, not written through.
    const temp = path.join(dir, `.${name}.upload-${randomBytes(4).toString('hex')}`);
    const out = await fsp.open(temp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
    try {
      await pipeline(body, out.createWriteStream());
      await fsp.rename(temp, path.join(dir, name));
    } catch (e) {
      await fsp.rm(temp, { force: true });
      throw e;
    } finally {
      await out.close().catch(() => undefined);
    }
  }

  async mkdir(segments: readonly string[]): Promise<void> {
    const { dir, name } = await this.parentOf(segments);
    try {
      await fsp.mkdir(path.join(dir, name));
    } catch (e) {
      if (code(e) === 'EEXIST') throw new AppError('CONFLICT', `"${joinSegments(segments)}" already exists.`);
      throw e;
    }
  }

  async remove(segments: readonly string[]): Promise<void> {
    const { dir, name } = await this.parentOf(segments);
    const target = path.join(dir, name);
    if (!(await fsp.lstat(target).catch(() => null))) throw notFound(segments);
    // rm does not follow links: deleting a link removes the link, never what it points at.
    await fsp.rm(target, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    // nothing held
  }
}

/** Total bytes under a folder, giving up (null) past the budget of entries so huge trees stay fast. */
async function folderSize(dir: string, budget: { left: number }): Promise<number | null> {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop() ?? '';
    let names: fs.Dirent[];
    try {
      names = await fsp.readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of names) {
      if (--budget.left < 0) return null;
      const full = path.join(current, d.name);
      if (d.isDirectory()) stack.push(full);
      else if (d.isFile()) total += (await fsp.lstat(full).catch(() => null))?.size ?? 0;
    }
  }
  return total;
}

/** Adds a folder to a tar stream; links are stored as links (never followed), so nothing outside leaks in. */
async function addTree(tar: Pack, dir: string, name: string): Promise<void> {
  const st = await fsp.lstat(dir);
  tar.entry({ name, type: 'directory', mtime: st.mtime, mode: st.mode & 0o7777 });
  for (const child of (await fsp.readdir(dir)).sort()) {
    const full = path.join(dir, child);
    const cst = await fsp.lstat(full);
    const entryName = `${name}/${child}`;
    if (cst.isDirectory()) await addTree(tar, full, entryName);
    else if (cst.isSymbolicLink()) tar.entry({ name: entryName, type: 'symlink', linkname: await fsp.readlink(full), mtime: cst.mtime });
    else if (cst.isFile()) await addFile(tar, full, entryName, cst);
  }
}

function addFile(tar: Pack, file: string, name: string, st: fs.Stats): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = tar.entry({ name, size: st.size, mtime: st.mtime, mode: st.mode & 0o7777 }, (err) => (err ? reject(err) : resolve()));
    fs.createReadStream(file).on('error', reject).pipe(entry);
  });
}
