/**
 * Whether `url` is the page `page` itself: same scheme, host, path and query; only the hash (the
 * window's routes) may differ. A prefix or substring test would also trust `file:///evil/…/out/renderer/…`
 * or `http://localhost:5173.evil.example/`.
 */
export function isSamePage(url: string, page: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(page);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname && a.search === b.search && a.username === '' && a.password === '';
  } catch {
    return false;
  }
}
