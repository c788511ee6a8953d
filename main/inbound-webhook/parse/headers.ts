import type { HeaderValues } from './types';

/** Header lookups by lower-case name; a repeated header counts by its first value. */
export type Headers = ReadonlyMap<string, string>;

export function normaliseHeaders(raw: HeaderValues): Headers {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    const first = typeof value === 'string' ? value : Array.isArray(value) ? (value as readonly unknown[])[0] : undefined;
    if (typeof first !== 'string') continue;
    const key = name.toLowerCase();
    if (!out.has(key)) out.set(key, first);
  }
  return out;
}

/** The first of `names` that is present and not blank (Gitea sends some headers empty). */
export function firstNonEmpty(headers: Headers, ...names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}

/** Media type without parameters, lower-cased; '' when absent. */
export function mediaTypeOf(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
