import MarkdownIt from 'markdown-it';

// Raw HTML is off: a page can carry no script, style or iframe of its own; links to javascript: are refused by markdown-it's validateLink.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);

const STYLE =
  'body{font-family:system-ui,-apple-system,sans-serif;line-height:1.6;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2328}' +
  'pre{background:#f6f8fa;padding:1rem;overflow:auto}code{font-family:ui-monospace,monospace}img{max-width:100%}' +
  'table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3rem .6rem}a{color:#0969da}';

/** The first "# heading" of the document, else the file name, for <title>. */
function titleOf(source: string, fallback: string): string {
  const m = /^#\s+(.+)$/m.exec(source);
  return (m?.[1] ?? fallback).trim();
}

/** A Markdown file as a plain readable HTML page. */
export function renderMarkdownPage(source: string, fileName: string): string {
  const body = md.render(source);
  const title = escapeHtml(titleOf(source, fileName.replace(/\.md$/i, '')));
  return `<!doctype html>\n<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${STYLE}</style></head>\n<body>\n${body}</body></html>\n`;
}

/** `docs/index.md` → `docs/index.html`; other paths unchanged. */
export function renderedPath(file: string): string {
  return file.replace(/\.md$/i, '.html');
}

export const isMarkdown = (file: string): boolean => /\.md$/i.test(file);
