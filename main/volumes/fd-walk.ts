import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { AppError } from '../dispatch/app-error';
import { joinSegments } from './safe-path';

/**
 * Path resolution that never follows a symbolic link, atomically with its use. Each folder is opened
 * with O_NOFOLLOW and held as a file descriptor; the next name is looked up relative to that
 * descriptor through Linux's `/proc/self/fd/N/name`, so a container that swaps a folder for a link
 * between a check and a use finds nothing to swap: there is no second lookup of the full path.
 */

const { O_RDONLY, O_DIRECTORY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

/** `/proc/self/fd/N` (the folder held open) or `/proc/self/fd/N/name` (one name inside it, never a path). */
export const at = (dir: fsp.FileHandle, name?: string): string =>
  name === undefined ? `/proc/self/fd/${String(dir.fd)}` : `/proc/self/fd/${String(dir.fd)}/${name}`;

/** Whether this platform can resolve names relative to a held folder (Linux `/proc`). */
export function fdWalkAvailable(): boolean {
  try {
    return fs.statSync('/proc/self/fd').isDirectory();
  } catch {
    return false;
  }
}

export function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
}

export const notFound = (segments: readonly string[]): AppError =>
  new AppError('NOT_FOUND', `"${joinSegments(segments) || '/'}" does not exist in this volume (any more). Refresh the folder.`);

export const isLink = (segments: readonly string[]): AppError =>
  new AppError(
    'FORBIDDEN_PATH',
    `"${joinSegments(segments)}" is or goes through a symbolic link. Slipway shows links in a volume but never follows them; open the folder the link points to instead.`,
  );

export const notFolder = (segments: readonly string[]): AppError =>
  new AppError('CONFLICT', `"${joinSegments(segments)}" is a file, not a folder.`);

/** Opens one name inside a held folder as a folder; a link there is refused, never followed. */
export async function openChildDir(dir: fsp.FileHandle, name: string, segments: readonly string[]): Promise<fsp.FileHandle> {
  try {
    return await fsp.open(at(dir, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch (e) {
    const c = errCode(e);
    if (c === 'ENOENT') throw notFound(segments);
    if (c === 'ELOOP') throw isLink(segments);
    if (c === 'ENOTDIR') {
      // O_DIRECTORY|O_NOFOLLOW on a link answers ENOTDIR too: say which it was.
      const st = await fsp.lstat(at(dir, name)).catch(() => null);
      if (st === null) throw notFound(segments);
      throw st.isSymbolicLink() ? isLink(segments) : notFolder(segments);
    }
    throw e;
  }
}

/** Walks from the held root down `segments`, one O_NOFOLLOW open per name; the caller closes the result. */
export async function openDirAt(root: fsp.FileHandle, segments: readonly string[]): Promise<fsp.FileHandle> {
  let current = await fsp.open(at(root), O_RDONLY | O_DIRECTORY);
  try {
    for (let i = 0; i < segments.length; i++) {
      const next = await openChildDir(current, segments[i] ?? '', segments.slice(0, i + 1));
      await current.close();
      current = next;
    }
    return current;
  } catch (e) {
    await current.close().catch(() => undefined);
    throw e;
  }
}

/** Opens a regular file inside a held folder for reading; a link, folder or device is refused. */
export async function openChildFile(dir: fsp.FileHandle, name: string, segments: readonly string[]): Promise<{ handle: fsp.FileHandle; stat: fs.Stats }> {
  let handle: fsp.FileHandle;
  try {
    // O_NONBLOCK: a FIFO someone put in the volume must not hang the call.
    handle = await fsp.open(at(dir, name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    const c = errCode(e);
    if (c === 'ENOENT') throw notFound(segments);
    if (c === 'ELOOP') throw isLink(segments);
    throw e;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new AppError('CONFLICT', `"${joinSegments(segments)}" is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}; only files can be read.`);
  }
  return { handle, stat };
}

/**
 * Removes one name inside a held folder; false when it was already gone. A folder is emptied through
 * descriptors first; anything else (a link included) is unlinked, so a link goes, never its target.
 * A folder swapped for a link meanwhile is unlinked too: rmdir and unlink do not follow the last name.
 */
async function removeEntry(dir: fsp.FileHandle, name: string): Promise<boolean> {
  let child: fsp.FileHandle | null = null;
  try {
    child = await fsp.open(at(dir, name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  } catch (e) {
    const c = errCode(e);
    if (c === 'ENOENT') return false;
    if (c !== 'ENOTDIR' && c !== 'ELOOP') throw e;
  }
  try {
    if (child !== null) {
      try {
        for (const inner of await fsp.readdir(at(child))) await removeEntry(child, inner);
      } finally {
        await child.close();
      }
      try {
        await fsp.rmdir(at(dir, name));
        return true;
      } catch (e) {
        if (errCode(e) !== 'ENOTDIR') throw e;
      }
    }
    await fsp.unlink(at(dir, name));
    return true;
  } catch (e) {
    if (errCode(e) === 'ENOENT') return false;
    throw e;
  }
}

/** Removes one name inside a held folder (see removeEntry); NOT_FOUND when there is nothing by that name. */
export async function removeChild(dir: fsp.FileHandle, name: string, segments: readonly string[]): Promise<void> {
  if (!(await removeEntry(dir, name))) throw notFound(segments);
}
