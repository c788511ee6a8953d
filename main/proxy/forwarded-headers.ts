import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1); never forwarded as-is. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function connectionTokens(value: string | string[] | undefined): Set<string> {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    joined
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t.length > 0),
  );
}

export interface ForwardContext {
  readonly remoteAddress: string | undefined;
  readonly publicPort: number;
  /** True for an Upgrade (WebSocket) request: Connection/Upgrade must reach the upstream. */
  readonly upgrade: boolean;
}

/**
 * The headers sent upstream: hop-by-hop ones dropped, Host kept (apps see their public host),
 * X-Forwarded-* added. Values a local proxy in front of us already set are kept (only loopback
 * clients can reach us), For is appended to.
 */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, ctx: ForwardContext): OutgoingHttpHeaders {
  const named = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    // Expect: 100-continue was already answered to the client by our server.
    if (HOP_BY_HOP.has(name) || named.has(name) || name === 'expect') continue;
    out[name] = value;
  }
  if (ctx.upgrade && incoming.upgrade !== undefined) {
    out.connection = 'upgrade';
    out.upgrade = incoming.upgrade;
  }
  const client = ctx.remoteAddress ?? 'unknown';
  const prior = incoming['x-forwarded-for'];
  const priorFor = Array.isArray(prior) ? prior.join(', ') : prior;
  out['x-forwarded-for'] = priorFor ? `${priorFor}, ${client}` : client;
  out['x-forwarded-proto'] = incoming['x-forwarded-proto'] ?? 'http';
  if (incoming.host !== undefined) out['x-forwarded-host'] = incoming['x-forwarded-host'] ?? incoming.host;
  out['x-forwarded-port'] = incoming['x-forwarded-port'] ?? String(ctx.publicPort);
  return out;
}

/**
 * Filters an upstream response's raw header list (name, value, name, value …; keeps order,
 * case and repeated Set-Cookie) down to end-to-end headers. Our server re-frames the body itself.
 */
export function downstreamResponseHeaders(rawHeaders: readonly string[], keepUpgrade = false): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'connection') for (const t of connectionTokens(rawHeaders[i + 1])) named.add(t);
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    const value = rawHeaders[i + 1] ?? '';
    const lower = name.toLowerCase();
    const isUpgradeHeader = lower === 'upgrade' || lower === 'connection';
    if (keepUpgrade && isUpgradeHeader) {
      out.push(name, value);
      continue;
    }
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    out.push(name, value);
  }
  return out;
}

/** True when the request carries a body (so a retry would need it again). */
export function hasRequestBody(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}
