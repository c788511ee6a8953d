import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StaticSourceError, filesUnder, readBlob } from './git-source';
import { isMarkdown, renderMarkdownPage, renderedPath } from './markdown';

export interface SnapshotBuild {
  readonly gitdir: string;
  readonly commit: string;
  readonly folder: string;
  readonly markdown: boolean;
  /** Bytes a snapshot may take; null = no limit. */
  readonly limitBytes: number | null;
  /** The final directory; built next to it and renamed into place, so it is complete or absent. */
  readonly dir: string;
  /** A snapshot of the same site (the live one): files with the same blob are hard-linked from it. */
  readonly previous?: string | null;
}

/** Which blob each file of a snapshot came from; kept beside the directory, never served. */
export const manifestPath = (dir: string): string => `${dir}.manifest.json`;

function readManifest(dir: string | null | undefined): Map<string, string> {
  if (!dir) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(fs.readFileSync(manifestPath(dir), 'utf8')) as Record<string, string>));
  } catch {
    return new Map();
  }
}

export interface SnapshotResult {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

const MB = 1024 * 1024;

/** The directory name for a commit and the build settings (the same commit built otherwise is another snapshot). */
const sizeOf = (file: string): number | null => {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
};

const linked = (from: string, to: string): boolean => {
  try {
    fs.linkSync(from, to);
    return true;
  } catch {
    return false;
  }
};

const tooLarge = (limit: number, bytes: number): StaticSourceError =>
  new StaticSourceError(
    'too-large',
    `the snapshot is over the storage limit of ${String(Math.round(limit / MB))} MB (more than ${(bytes / MB).toFixed(1)} MB). Raise storageLimitMb or serve a smaller folder.`,
  );

export function snapshotName(commit: string, folder: string, markdown: boolean): string {
  const clean = folder.replace(/^\/+|\/+$/g, '');
  const suffix = clean === '' ? '' : `-${clean.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40)}`;
  return `${commit}${suffix}${markdown ? '-md' : ''}`;
}

/** Counts what a finished snapshot holds (for one found already built). */
export function measure(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

/** Writes the folder's files at the commit into a new immutable snapshot directory. */
export async function buildSnapshot(b: SnapshotBuild, cache: object): Promise<SnapshotResult> {
  if (fs.existsSync(b.dir)) return { dir: b.dir, ...measure(b.dir) };
  const files = await filesUnder(b.gitdir, b.commit, b.folder, cache);
  const tmp = `${b.dir}.tmp-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(tmp, { recursive: true });
  let bytes = 0;
  const before = readManifest(b.previous);
  const manifest: Record<string, string> = {};
  try {
    const made = new Set<string>();
    for (const f of files) {
      const rendered = b.markdown && isMarkdown(f.path);
      const rel = rendered ? renderedPath(f.path) : f.path;
      const target = path.join(tmp, ...rel.split('/'));
      const parent = path.dirname(target);
      if (!made.has(parent)) {
        fs.mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      manifest[rel] = f.oid;
      // Unchanged since the previous snapshot: the same bytes, linked rather than read and written again.
      if (b.previous && before.get(rel) === f.oid) {
        const from = path.join(b.previous, ...rel.split('/'));
        const size = sizeOf(from);
        if (size !== null) {
          if (b.limitBytes !== null && bytes + size > b.limitBytes) throw tooLarge(b.limitBytes, bytes + size);
          if (linked(from, target)) {
            bytes += size;
            continue;
          }
        }
      }
      const raw = await readBlob(b.gitdir, f.oid, cache);
      const data = rendered ? Buffer.from(renderMarkdownPage(Buffer.from(raw).toString('utf8'), path.posix.basename(f.path))) : raw;
      bytes += data.byteLength;
      if (b.limitBytes !== null && bytes > b.limitBytes) throw tooLarge(b.limitBytes, bytes);
      fs.writeFileSync(target, data);
    }
    fs.writeFileSync(manifestPath(b.dir), JSON.stringify(manifest));
    try {
      fs.renameSync(tmp, b.dir);
    } catch (error) {
      // Built at the same time by another stage: theirs is as good.
      if (!fs.existsSync(b.dir)) throw error;
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  return { dir: b.dir, files: files.length, bytes };
}
