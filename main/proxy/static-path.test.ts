import { describe, expect, it } from 'vitest';
import { notModified, parseRange, resolveStaticPath } from './static-path';

describe('static paths', () => {
  it('splits and decodes a normal path', () => {
    expect(resolveStaticPath('/docs/a%20b.html?x=1')).toEqual({ ok: true, segments: ['docs', 'a b.html'], trailingSlash: false });
    expect(resolveStaticPath('/docs/')).toEqual({ ok: true, segments: ['docs'], trailingSlash: true });
    expect(resolveStaticPath('/')).toEqual({ ok: true, segments: [], trailingSlash: true });
  });

  it.each(['/../etc/passwd', '/a/../../x', '/%2e%2e/x', '/a/%2E%2E/%2e%2e/x', '/..%2fetc', '/a%5c..%5cb', '/%00', '/./a', '/a\\..\\b'])('refuses %s', (p) => {
    const r = resolveStaticPath(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(403);
  });

  it('answers 400 for a broken escape or a path without "/"', () => {
    expect(resolveStaticPath('/%zz')).toMatchObject({ ok: false, status: 400 });
    expect(resolveStaticPath('http://x/')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('ranges and validators', () => {
  it('parses one range', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange(undefined, 100)).toBeNull();
  });

  it('answers 304 for a matching ETag or a date not older than the file', () => {
    expect(notModified({ ifNoneMatch: '"a", "b"' }, '"b"', 0)).toBe(true);
    expect(notModified({ ifNoneMatch: '"a"' }, '"b"', 0)).toBe(false);
    const mtime = Date.parse('2026-01-01T00:00:00Z') + 500;
    expect(notModified({ ifModifiedSince: 'Thu, 01 Jan 2026 00:00:00 GMT' }, '"x"', mtime)).toBe(true);
    expect(notModified({ ifModifiedSince: 'Wed, 31 Dec 2025 00:00:00 GMT' }, '"x"', mtime)).toBe(false);
    // An ETag check wins over the date.
    expect(notModified({ ifNoneMatch: '"a"', ifModifiedSince: 'Thu, 01 Jan 2026 00:00:00 GMT' }, '"b"', mtime)).toBe(false);
  });
});
