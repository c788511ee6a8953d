/**
 * Text for a preview, or null when the bytes look binary (a NUL byte, or invalid UTF-8 other than
 * a character cut in half at the end of a truncated sample).
 */
export function previewText(sample: Buffer): string | null {
  if (sample.includes(0)) return null;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    // stream: true keeps a trailing partial character back instead of failing on it.
    return decoder.decode(sample, { stream: true });
  } catch {
    return null;
  }
}
