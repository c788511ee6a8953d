import { AppError } from '../dispatch/app-error';

const refuse = (path: string, why: string): AppError =>
  new AppError('FORBIDDEN_PATH', `"${path}" ${why}. Paths inside a volume are relative to its root, with "/" between folder names.`);

/**
 * Checks a path inside a volume and splits it into names. Anything that could leave the volume is
 * refused up front, before any file system or engine access: "..", absolute paths, backslashes,
 * percent-encoded separators or dots, NUL bytes. "" (or "/"-free nothing) is the root.
 */
export function volumeSegments(path: string): readonly string[] {
  if (path === '') return [];
  if (path.includes('\0')) throw refuse('(path)', 'contains a NUL byte');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw refuse(path, 'is absolute');
  if (path.includes('\\')) throw refuse(path, 'contains a backslash');
  if (/%(2f|5c|2e|00)/i.test(path)) throw refuse(path, 'contains an encoded separator or dot');
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/');
  for (const s of segments) {
    if (s === '..') throw refuse(path, 'climbs out of the volume with ".."');
    if (s === '' || s === '.') throw refuse(path, 'has an empty or "." folder name');
    if (Buffer.byteLength(s) > 255) throw refuse(path, 'has a name longer than 255 bytes');
  }
  return segments;
}

/** The canonical form of a checked path ("a/b"), for answers and error messages. */
export function joinSegments(segments: readonly string[]): string {
  return segments.join('/');
}

/** A new entry's name (upload, new folder): one plain name, nothing that could be a path. */
export function checkEntryName(name: string): string {
  const segments = volumeSegments(name);
  if (segments.length !== 1) throw refuse(name, 'must be a single name without "/"');
  return segments[0] ?? '';
}
