import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type Docker from 'dockerode';
import { extract, pack } from 'tar-stream';
import { z } from 'zod';
import type { VolumeEntry } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { kindFromGoMode } from './go-file-mode';
import { isLink } from './fd-walk';
import { joinSegments } from './safe-path';
import { MAX_ENTRIES, SIZE_BUDGET, type EntryInfo, type Listing, type VolumeStore } from './volume-store';

/** `X-Docker-Container-Path-Stat`: base64 JSON the engine sends for HEAD /containers/{id}/archive. */
const PathStatSchema = z.object({ name: z.string(), size: z.number(), mode: z.number(), mtime: z.string(), linkTarget: z.string() });
type PathStat = z.infer<typeof PathStatSchema>;

/** Bytes read from the engine for one folder listing before it stops and says the listing is partial. */
const LIST_BYTES_BUDGET = 512 * 1024 * 1024;

const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'statusCode' in e ? Number(e.statusCode) : undefined;

export interface EngineStoreDeps {
  readonly docker: Docker;
  /** A container that has the volume mounted (running or only created). */
  readonly containerId: string;
  /** Where the volume is mounted in that container. */
  readonly mountPath: string;
  /** Deletes an absolute path inside the container's view of the volume (exec, or a short-lived helper). */
  readonly removePath: (absolutePath: string) => Promise<void>;
  readonly release: () => Promise<void>;
}

/**
 * A named Docker volume, reached through the engine's archive API on a container that mounts it,
 * so it works the same with a remote engine or Docker Desktop's VM. Every path component is
 * stat-ed first: a link that resolves outside the mount is refused before anything is read.
 */
export class EngineStore implements VolumeStore {
  private readonly container: Docker.Container;

  constructor(private readonly d: EngineStoreDeps) {
    this.container = d.docker.getContainer(d.containerId);
  }

  private abs(segments: readonly string[]): string {
    return path.posix.join(this.d.mountPath, ...segments);
  }

  private async rawStat(p: string): Promise<PathStat | null> {
    try {
      const res = (await this.container.infoArchive({ path: p })) as Readable & { headers?: Record<string, string | undefined> };
      res.resume();
      const header = res.headers?.['x-docker-container-path-stat'];
      if (header === undefined) throw new Error('the engine sent no path stat');
      return PathStatSchema.parse(JSON.parse(Buffer.from(header, 'base64').toString('utf8')));
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw e;
    }
  }

  /** Stats each prefix of the path; a link at any component is refused (shown as a link, never followed). */
  private async check(segments: readonly string[]): Promise<PathStat> {
    let last = await this.rawStat(this.d.mountPath);
    if (!last) throw new AppError('NOT_FOUND', 'The volume is not mounted where Slipway expected it. Redeploy the stage and try again.');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i);
      const st = await this.rawStat(this.abs(prefix));
      if (!st) throw new AppError('NOT_FOUND', `"${joinSegments(prefix)}" does not exist in this volume (any more). Refresh the folder.`);
      if (st.linkTarget !== '' && i < segments.length) throw isLink(prefix);
      last = st;
    }
    return last;
  }

  async stat(segments: readonly string[]): Promise<EntryInfo> {
    return (await this.follow(segments)).info;
  }

  /** Stats a path; the last name may be a link (reported as one), links before it are refused. */
  private async follow(segments: readonly string[]): Promise<{ info: EntryInfo; at: readonly string[] }> {
    const st = await this.check(segments);
    const kind = st.linkTarget !== '' && segments.length > 0 ? 'symlink' : kindFromGoMode(st.mode);
    return { info: { kind, size: st.size, mtime: Date.parse(st.mtime) }, at: segments };
  }

  async freeBytes(): Promise<number | null> {
    return Promise.resolve(null);
  }

  async list(segments: readonly string[]): Promise<Listing> {
    const { info, at } = await this.follow(segments);
    if (info.kind === 'symlink') throw isLink(segments);
    if (info.kind !== 'dir') throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a file, not a folder.`);
    const tar = readable(await this.container.getArchive({ path: `${this.abs(at)}/.` }));
    const entries = new Map<string, { entry: VolumeEntry; size: number | null }>();
    let seen = 0;
    let bytes = 0;
    let partial = false;
    await new Promise<void>((resolve, reject) => {
      const ex = extract();
      ex.on('entry', (h, stream, next) => {
        seen++;
        bytes += h.size ?? 0;
        // Names come as "./x", "./x/y": the first component below "." is the listed entry.
        const parts = h.name.replace(/^\.\/?/, '').split('/').filter((p) => p !== '');
        const first = parts[0];
        if (first !== undefined) {
          const top = entries.get(first);
          if (parts.length === 1) {
            const kind: VolumeEntry['kind'] = h.type === 'directory' ? 'dir' : h.type === 'symlink' ? 'symlink' : h.type === 'file' ? 'file' : 'other';
            const prior = top?.size ?? 0;
            entries.set(first, {
              entry: { name: first, kind, size: null, mtime: h.mtime?.getTime() ?? 0, linkTarget: kind === 'symlink' ? (h.linkname ?? null) : null },
              size: kind === 'dir' ? prior : (h.size ?? 0),
            });
          } else if (top && top.size !== null && h.type === 'file') {
            top.size += h.size ?? 0;
          }
        }
        stream.on('end', next);
        stream.on('error', () => undefined);
        stream.resume();
        if (seen > SIZE_BUDGET || bytes > LIST_BYTES_BUDGET || entries.size > MAX_ENTRIES) {
          partial = true;
          tar.destroy();
          ex.destroy();
          resolve();
        }
      });
      ex.on('finish', resolve);
      ex.on('error', (e) => (partial ? resolve() : reject(e)));
      tar.on('error', (e) => (partial ? resolve() : reject(e)));
      tar.pipe(ex);
    });
    const list = [...entries.values()]
      .map(({ entry, size }) => ({ ...entry, size: partial && entry.kind === 'dir' ? null : size }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { entries: list, truncated: partial };
  }

  async read(segments: readonly string[]): Promise<Readable> {
    const { info, at } = await this.follow(segments);
    if (info.kind === 'symlink') throw isLink(segments);
    if (info.kind !== 'file') throw new AppError('CONFLICT', `"${joinSegments(segments)}" is not a file.`);
    const tar = readable(await this.container.getArchive({ path: this.abs(at) }));
    const out = new PassThrough();
    const ex = extract();
    let first = true;
    ex.on('entry', (_h, stream, next) => {
      // Torn down when the reader stops early; that error is expected, not a failure.
      stream.on('error', () => undefined);
      if (first) {
        first = false;
        stream.pipe(out);
        stream.on('end', next);
      } else {
        stream.on('end', next);
        stream.resume();
      }
    });
    ex.on('finish', () => {
      if (first) out.end();
    });
    ex.on('error', (e) => out.destroy(e));
    tar.on('error', (e) => out.destroy(e));
    // A reader that stops early (a preview) closes `out`; stop the engine stream too.
    out.on('close', () => {
      ex.destroy();
      tar.destroy();
    });
    tar.pipe(ex);
    return out;
  }

  async readTar(segments: readonly string[]): Promise<Readable> {
    const { info, at } = await this.follow(segments);
    if (info.kind === 'symlink') throw isLink(segments);
    return readable(await this.container.getArchive({ path: this.abs(at) }));
  }

  private async parent(segments: readonly string[]): Promise<{ dir: readonly string[]; name: string }> {
    const name = segments[segments.length - 1];
    if (name === undefined) throw new AppError('FORBIDDEN_PATH', 'The root of a volume cannot be replaced or deleted.');
    const dir = segments.slice(0, -1);
    const kind = (await this.stat(dir)).kind;
    if (kind === 'symlink') throw isLink(dir);
    if (kind !== 'dir') throw new AppError('CONFLICT', `"${joinSegments(dir)}" is a file, not a folder.`);
    return { dir, name };
  }

  private async put(dir: readonly string[], fill: (tar: ReturnType<typeof pack>) => Promise<void>): Promise<void> {
    const tar = pack();
    const filled = fill(tar).then(() => tar.finalize());
    filled.catch((e: unknown) => tar.destroy(e instanceof Error ? e : new Error(String(e))));
    await Promise.all([this.container.putArchive(tar as unknown as NodeJS.ReadableStream, { path: this.abs(dir) }), filled]);
  }

  async write(segments: readonly string[], body: Readable, size: number): Promise<void> {
    const { dir, name } = await this.parent(segments);
    const existing = await this.rawStat(this.abs(segments));
    if (existing && kindFromGoMode(existing.mode) === 'symlink') {
      throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a symbolic link; delete it first to put a file there.`);
    }
    if (existing && kindFromGoMode(existing.mode) === 'dir') throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a folder; pick another name for the file.`);
    await this.put(dir, (tar) =>
      new Promise<void>((resolve, reject) => {
        const entry = tar.entry({ name, size, mode: 0o644, mtime: new Date() }, (err) => (err ? reject(err) : resolve()));
        body.on('error', reject).pipe(entry);
      }),
    );
  }

  async mkdir(segments: readonly string[]): Promise<void> {
    const { dir, name } = await this.parent(segments);
    if (await this.rawStat(this.abs(segments))) throw new AppError('CONFLICT', `"${joinSegments(segments)}" already exists.`);
    await this.put(dir, (tar) => {
      tar.entry({ name, type: 'directory', mode: 0o755, mtime: new Date() });
      return Promise.resolve();
    });
  }

  async remove(segments: readonly string[]): Promise<void> {
    await this.parent(segments);
    if (!(await this.rawStat(this.abs(segments)))) throw new AppError('NOT_FOUND', `"${joinSegments(segments)}" does not exist in this volume (any more).`);
    await this.d.removePath(this.abs(segments));
  }

  close(): Promise<void> {
    return this.d.release();
  }
}

/** The engine answers with an http.IncomingMessage; typed loosely by dockerode. */
function readable(s: NodeJS.ReadableStream): Readable {
  return s instanceof Readable ? s : new Readable().wrap(s);
}
