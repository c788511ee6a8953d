/** The `rel="next"` target of a `Link` header, resolved against the request URL; null when there is none. */
export function nextLink(header: string | null, base: string): string | null {
  if (header === null) return null;
  for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";,]*)"?/i.exec(params)?.[1] ?? '';
    if (rel.split(/\s+/).includes('next')) {
      try {
        return new URL(m[1] ?? '', base).toString();
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** `Retry-After` in milliseconds from `now` (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const v = header.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Exponential backoff with full jitter, capped. `random` is injectable for tests. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
