export interface UnavailableBody {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const REASONS = {
  'no-target': {
    status: 503,
    title: 'No live instance',
    text: 'no live instance for this stage yet',
    hint: 'Deploy a version of this stage in Slipway and this address starts answering.',
  },
  'no-site': {
    status: 503,
    title: 'No site deployed',
    text: 'no snapshot of this static site is live yet',
    hint: 'Deploy a commit of this stage in Slipway (or push to its branch) and this address starts answering.',
  },
  'bad-gateway': {
    status: 502,
    title: 'Instance not answering',
    text: 'the live instance for this stage is not answering',
    hint: 'Check the instance logs in Slipway; it may have crashed or still be starting.',
  },
} as const;

export type UnavailableReason = keyof typeof REASONS;

function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const a = accept.toLowerCase();
  return a.includes('application/json') && !a.includes('text/html');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

/** A short page (or JSON for API clients) for a stable URL that has nothing live behind it. */
export function unavailableBody(reason: UnavailableReason, routeKey: string, accept: string | undefined): UnavailableBody {
  const r = REASONS[reason];
  if (prefersJson(accept)) {
    return { status: r.status, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: r.text, route: routeKey }) };
  }
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${r.title} · Slipway</title></head>` +
    `<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${r.title}</h1>` +
    `<p>Slipway: ${escapeHtml(r.text)} (${escapeHtml(routeKey)}).</p><p>${r.hint}</p></body></html>\n`;
  return { status: r.status, contentType: 'text/html; charset=utf-8', body: html };
}
