/**
 * Maps a request target to path segments inside a static snapshot, refusing anything that could
 * name a file outside it: `..` and `.` segments, encoded separators (`%2f`, `%5c`), NUL, backslashes,
 * and undecodable escapes. Pure: no file system.
 */
export type StaticPath =
  | { readonly ok: true; readonly segments: readonly string[]; readonly trailingSlash: boolean }
  | { readonly ok: false; readonly status: 400 | 403; readonly why: string };

export function resolveStaticPath(target: string): StaticPath {
  const q = target.search(/[?#]/);
  const raw = q < 0 ? target : target.slice(0, q);
  if (!raw.startsWith('/')) return { ok: false, status: 400, why: 'the request path must start with "/"' };
  const parts = raw.split('/').slice(1);
  const trailingSlash = parts.length > 0 && parts[parts.length - 1] === '';
  const segments: string[] = [];
  for (const part of parts) {
    if (part === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400, why: 'the request path has a broken %-escape' };
    }
    if (seg === '.' || seg === '..') return { ok: false, status: 403, why: 'the path may not climb out of the site' };
    if (/[/\\\0]/.test(seg)) return { ok: false, status: 403, why: 'the path may not contain encoded separators' };
    segments.push(seg);
  }
  return { ok: true, segments, trailingSlash };
}

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A `Range: bytes=…` header against a file of `size` bytes: one satisfiable range, `unsatisfiable`
 * (answer 416), or null to send the whole file (absent, malformed, or several ranges).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** Does a conditional request's validator still match (so 304 is the answer)? */
export function notModified(headers: { ifNoneMatch?: string | undefined; ifModifiedSince?: string | undefined }, etag: string, mtimeMs: number): boolean {
  if (headers.ifNoneMatch !== undefined) {
    return headers.ifNoneMatch.split(',').some((t) => {
      const tag = t.trim();
      return tag === '*' || tag === etag || tag === `W/${etag}`;
    });
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}
