/** Parses a whole number in range, or returns a sentence saying what is wrong. */
export function intIn(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `${what} must be a whole number.`;
  const n = Number(t);
  return n < min || n > max ? `${what} must be between ${String(min)} and ${String(max)}.` : n;
}

/** One absolute path per line; blank lines ignored. */
export function pathList(text: string): readonly string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
