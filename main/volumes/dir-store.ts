import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';
import type { VolumeEntry } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { at, errCode, fdWalkAvailable, openChildDir, openChildFile, openDirAt, removeChild } from './fd-walk';
import { joinSegments } from './safe-path';
import { MAX_ENTRIES, SIZE_BUDGET, type EntryInfo, type Listing, type VolumeStore } from './volume-store';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY } = fs.constants;

function kindOf(st: fs.Stats): VolumeEntry['kind'] {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

/** Files and folders put in a volume belong to the app in the container (any user id), not to Slipway. */
const APP_FILE_MODE = 0o644;
const APP_DIR_MODE = 0o755;

/**
 * A volume that is a host directory (project/stage/instance scopes, absolute paths). Every call holds
 * the volume's root open and walks down with directory descriptors and O_NOFOLLOW (see fd-walk.ts):
 * no path is looked up twice, so a container swapping a folder for a link mid-call cannot lead
 * Slipway outside. Links are listed as links and never followed.
 */
export class DirStore implements VolumeStore {
  constructor(private readonly root: string) {}

  /** The volume root, held open for one operation. */
  private async withRoot<T>(fn: (root: fsp.FileHandle) => Promise<T>): Promise<T> {
    if (!fdWalkAvailable()) {
      throw new AppError('CONFLICT', 'Browsing host folders needs Linux (/proc/self/fd) to be safe against link races; open this folder in your file manager instead.');
    }
    let root: fsp.FileHandle;
    try {
      root = await fsp.open(this.root, O_RDONLY | O_DIRECTORY);
    } catch (e) {
      if (errCode(e) === 'ENOENT') throw new AppError('NOT_FOUND', 'This volume has no files yet: it is created by the first deploy that mounts it.');
      throw e;
    }
    try {
      return await fn(root);
    } finally {
      await root.close();
    }
  }

  /** A held folder at `segments`, closed after `fn`. */
  private withDir<T>(segments: readonly string[], fn: (dir: fsp.FileHandle) => Promise<T>): Promise<T> {
    return this.withRoot(async (root) => {
      const dir = await openDirAt(root, segments);
      try {
        return await fn(dir);
      } finally {
        await dir.close();
      }
    });
  }

  /** The held parent folder and the plain last name, for creating, reading or removing an entry. */
  private withParent<T>(segments: readonly string[], fn: (dir: fsp.FileHandle, name: string) => Promise<T>): Promise<T> {
    const name = segments[segments.length - 1];
    if (name === undefined) throw new AppError('FORBIDDEN_PATH', 'The root of a volume cannot be replaced or deleted.');
    return this.withDir(segments.slice(0, -1), (dir) => fn(dir, name));
  }

  async list(segments: readonly string[]): Promise<Listing> {
    return this.withDir(segments, async (dir) => {
      const names = (await fsp.readdir(at(dir))).sort((a, b) => a.localeCompare(b));
      const budget = { left: SIZE_BUDGET };
      const entries: VolumeEntry[] = [];
      for (const name of names.slice(0, MAX_ENTRIES)) {
        let st: fs.Stats;
        try {
          st = await fsp.lstat(at(dir, name));
        } catch {
          continue; // removed while listing
        }
        const kind = kindOf(st);
        const linkTarget = kind === 'symlink' ? await fsp.readlink(at(dir, name)).catch(() => null) : null;
        const size = kind === 'dir' ? await childSize(dir, name, budget) : st.size;
        entries.push({ name, kind, size, mtime: Math.round(st.mtimeMs), linkTarget });
      }
      return { entries, truncated: names.length > MAX_ENTRIES };
    });
  }

  async stat(segments: readonly string[]): Promise<EntryInfo> {
    if (segments.length === 0) {
      return this.withRoot(async (root) => {
        const st = await root.stat();
        return { kind: kindOf(st), size: st.size, mtime: Math.round(st.mtimeMs) };
      });
    }
    return this.withParent(segments, async (dir, name) => {
      const st = await fsp.lstat(at(dir, name)).catch((e: unknown) => {
        if (errCode(e) === 'ENOENT') throw new AppError('NOT_FOUND', `"${joinSegments(segments)}" does not exist in this volume (any more). Refresh the folder.`);
        throw e;
      });
      return { kind: kindOf(st), size: st.size, mtime: Math.round(st.mtimeMs) };
    });
  }

  async read(segments: readonly string[]): Promise<Readable> {
    return this.withParent(segments, async (dir, name) => {
      const { handle } = await openChildFile(dir, name, segments);
      // The stream owns the file descriptor from here; the folders are released at once.
      return handle.createReadStream();
    });
  }

  async readTar(segments: readonly string[]): Promise<Readable> {
    // The folder is opened before the answer starts, so a missing folder or a link is a clear error.
    const dir = await this.withRoot((root) => openDirAt(root, segments));
    const tar = pack();
    const base = segments[segments.length - 1] ?? 'volume';
    void addTree(tar, dir, base)
      .then(() => tar.finalize())
      .catch((e: unknown) => tar.destroy(e instanceof Error ? e : new Error(String(e))))
      .finally(() => void dir.close().catch(() => undefined));
    // tar-stream's Pack is a streamx Readable; Node's pipeline accepts it.
    return tar as unknown as Readable;
  }

  async freeBytes(segments: readonly string[]): Promise<number | null> {
    return this.withDir(segments, async (dir) => {
      const s = await fsp.statfs(at(dir));
      return s.bavail * s.bsize;
    });
  }

  async write(segments: readonly string[], body: Readable, _size: number): Promise<void> {
    await this.withParent(segments, async (dir, name) => {
      const existing = await fsp.lstat(at(dir, name)).catch(() => null);
      if (existing?.isDirectory()) throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a folder; pick another name for the file.`);
      // Written beside the target and renamed: readers never see half a file, and a link named like the
      // target is replaced, not written through (rename does not follow the last name).
      const temp = `.${name}.upload-${randomBytes(4).toString('hex')}`;
      const out = await fsp.open(at(dir, temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, APP_FILE_MODE);
      try {
        await out.chmod(APP_FILE_MODE); // Slipway's own umask (0077) is not meant for the app's files
      } catch (e) {
        await out.close();
        throw e;
      }
      try {
        // The stream owns the descriptor and closes it when done or failed.
        await pipeline(body, out.createWriteStream());
        await fsp.rename(at(dir, temp), at(dir, name));
      } catch (e) {
        await fsp.unlink(at(dir, temp)).catch(() => undefined);
        throw e;
      }
    });
  }

  async mkdir(segments: readonly string[]): Promise<void> {
    await this.withParent(segments, async (dir, name) => {
      try {
        await fsp.mkdir(at(dir, name), APP_DIR_MODE);
      } catch (e) {
        if (errCode(e) === 'EEXIST') throw new AppError('CONFLICT', `"${joinSegments(segments)}" already exists.`);
        throw e;
      }
      // Set through a descriptor of what was just made; a link swapped in meanwhile is not followed.
      const made = await openChildDir(dir, name, segments);
      try {
        await made.chmod(APP_DIR_MODE);
      } finally {
        await made.close();
      }
    });
  }

  async remove(segments: readonly string[]): Promise<void> {
    await this.withParent(segments, (dir, name) => removeChild(dir, name, segments));
  }

  async close(): Promise<void> {
    // nothing held between calls
  }
}

/** Total bytes under a held folder's child, giving up (null) past the budget of entries so huge trees stay fast. */
async function childSize(parent: fsp.FileHandle, name: string, budget: { left: number }): Promise<number | null> {
  let dir: fsp.FileHandle;
  try {
    dir = await fsp.open(at(parent, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch {
    return 0; // swapped or removed meanwhile
  }
  try {
    let total = 0;
    for (const d of await fsp.readdir(at(dir), { withFileTypes: true })) {
      if (--budget.left < 0) return null;
      if (d.isDirectory()) {
        const sub = await childSize(dir, d.name, budget);
        if (sub === null) return null;
        total += sub;
      } else if (d.isFile()) {
        total += (await fsp.lstat(at(dir, d.name)).catch(() => null))?.size ?? 0;
      }
    }
    return total;
  } finally {
    await dir.close();
  }
}

/** Adds a held folder to a tar stream; links are stored as links (never followed), so nothing outside leaks in. */
async function addTree(tar: Pack, dir: fsp.FileHandle, name: string): Promise<void> {
  const st = await dir.stat();
  tar.entry({ name, type: 'directory', mtime: st.mtime, mode: st.mode & 0o7777 });
  for (const child of (await fsp.readdir(at(dir))).sort()) {
    const cst = await fsp.lstat(at(dir, child)).catch(() => null);
    const entryName = `${name}/${child}`;
    if (cst === null) continue;
    if (cst.isSymbolicLink()) {
      const linkname = await fsp.readlink(at(dir, child)).catch(() => null);
      if (linkname !== null) tar.entry({ name: entryName, type: 'symlink', linkname, mtime: cst.mtime });
    } else if (cst.isDirectory()) {
      const sub = await openChildDir(dir, child, [entryName]).catch(() => null); // swapped meanwhile: skipped
      if (sub === null) continue;
      try {
        await addTree(tar, sub, entryName);
      } finally {
        await sub.close();
      }
    } else if (cst.isFile()) {
      const file = await openChildFile(dir, child, [entryName]).catch(() => null);
      if (file === null) continue;
      try {
        await addFile(tar, file.handle, entryName, file.stat);
      } finally {
        await file.handle.close();
      }
    }
  }
}

function addFile(tar: Pack, handle: fsp.FileHandle, name: string, st: fs.Stats): Promise<void> {
  return new Promise((resolve, reject) => {
    const header = { name, size: st.size, mtime: st.mtime, mode: st.mode & 0o7777 };
    const done = (err?: Error | null): void => (err ? reject(err) : resolve());
    if (st.size === 0) {
      tar.entry(header, Buffer.alloc(0), done);
      return;
    }
    const entry = tar.entry(header, done);
    // Exactly the size the header announced, even if the file grows meanwhile.
    handle.createReadStream({ start: 0, end: st.size - 1, autoClose: false }).on('error', reject).pipe(entry);
  });
}

