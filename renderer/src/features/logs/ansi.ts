import Anser from 'anser';

export interface Span {
  readonly text: string;
  /** CSS classes for colours and decorations (anser's `ansi-*` classes). */
  readonly className: string;
  /** Inside a search match. */
  readonly hit: boolean;
}

/** ANSI-coloured text as spans, with the query's matches split out; plain text takes a fast path. */
export function lineSpans(text: string, query: string): readonly Span[] {
  const parts = text.includes('\u001b[')
    ? Anser.ansiToJson(text, { use_classes: true, remove_empty: true }).map((p) => ({
        text: p.content,
        className: [p.fg ? `${p.fg}-fg` : '', p.bg ? `${p.bg}-bg` : '', ...(p.decorations ?? []).map((d) => `ansi-${d}`)].filter(Boolean).join(' '),
      }))
    : [{ text, className: '' }];
  if (query === '') return parts.map((p) => ({ ...p, hit: false }));
  const needle = query.toLowerCase();
  const out: Span[] = [];
  for (const p of parts) {
    const hay = p.text.toLowerCase();
    let at = 0;
    for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, at)) {
      if (i > at) out.push({ text: p.text.slice(at, i), className: p.className, hit: false });
      out.push({ text: p.text.slice(i, i + needle.length), className: p.className, hit: true });
      at = i + needle.length;
    }
    if (at < p.text.length) out.push({ text: p.text.slice(at), className: p.className, hit: false });
  }
  return out;
}
