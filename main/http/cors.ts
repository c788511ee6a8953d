/**
 * The origin a cross-origin caller may be answered as, or null. `Origin: null` is never accepted, even if
 * configured: file:// pages, sandboxed frames and data: URLs all send it, so it names no one.
 */
export function corsOriginAllowed(origin: string | undefined, allowed: readonly string[]): string | null {
  if (origin === undefined || origin === 'null') return null;
  return allowed.includes(origin) ? origin : null;
}
