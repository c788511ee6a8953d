import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookSecret } from './secret';
import { SourceRateLimiter, type RateLimitOptions } from './rate-limit';

export interface InboundRequest {
  readonly method: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly remoteAddress: string;
}

export interface InboundResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface ListenerHandlers {
  /** A request that came through the secret URL. */
  readonly onWebhook: (req: InboundRequest) => Promise<InboundResponse> | InboundResponse;
  /** What `GET /api/webhook/<secret>/health` reports: what the listener is subscribed to (never secrets). */
  readonly health: () => unknown;
  /** Open connections accepted at once (a setting); beyond it new connections are closed at once. */
  readonly maxConnections?: () => number;
  /** Records a request refused before its body was read (too large, wrong method); answers for it. */
  readonly onRejected?: (req: Omit<InboundRequest, 'body'>, status: number, reason: string) => InboundResponse;
}

export interface ListenerOptions {
  /** Per source address, over every path (probing for the secret included); null turns it off. */
  readonly rateLimit?: RateLimitOptions | null;
  /** Tighter limits than the defaults (tests). */
  readonly timeouts?: Partial<ListenerTimeouts>;
}

export interface ListenerTimeouts {
  /** All headers must arrive within this (slow-header senders hold a connection otherwise). */
  readonly headersMs: number;
  /** The whole request, body included. */
  readonly requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveMs: number;
}

/** A real sender posts well under a second; these only bound what a slow or stalled client can hold. */
export const DEFAULT_TIMEOUTS: ListenerTimeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };
export const DEFAULT_MAX_CONNECTIONS = 256;

/** Generous for real senders (a registry notifies once per pushed manifest and blob), tight enough to stop a flood. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 200, burst: 1000 };

export const MAX_BODY_BYTES = 1024 * 1024;
const NOT_FOUND: InboundResponse = { status: 404, body: { error: 'not found' } };
const HEALTH_OK: InboundResponse = { status: 200, body: { status: 'ok' } };
const WEBHOOK_PATH = /^\/api\/webhook\/([^/]+)(\/health)?\/?$/;

/**
 * The inbound listener. A wrong or missing secret answers exactly like an unknown path,
 * so the URL cannot be probed.
 */
export class WebhookListener {
  private server: http.Server | null = null;
  private boundPort = 0;
  private boundHost = '';
  private readonly limiter: SourceRateLimiter | null;
  private readonly timeouts: ListenerTimeouts;

  constructor(
    private readonly secret: WebhookSecret,
    private readonly handlers: ListenerHandlers,
    opts: ListenerOptions = {},
  ) {
    const limit = opts.rateLimit === undefined ? DEFAULT_RATE_LIMIT : opts.rateLimit;
    this.limiter = limit === null ? null : new SourceRateLimiter(limit);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  }

  /** Requests refused with 429 since start. */
  get rateLimited(): number {
    return this.limiter?.refused ?? 0;
  }

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.boundHost;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  url(secret = this.secret.current): string {
    const host = this.boundHost === '0.0.0.0' || this.boundHost === '::' ? '127.0.0.1' : this.boundHost;
    return `http://${host.includes(':') ? `[${host}]` : host}:${String(this.boundPort)}/api/webhook/${secret}`;
  }

  async start(host: string, port: number): Promise<void> {
    this.adopt(await this.listen(host, port), host);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await closeServer(server);
  }

  private refuse(meta: Omit<InboundRequest, 'body'>, status: number, reason: string): InboundResponse {
    return this.handlers.onRejected ? this.handlers.onRejected(meta, status, reason) : { status, body: { error: reason } };
  }

  /**
   * Moves the listener to another address (settings changed). The new address is bound before the old one
   * is let go, so a refused address changes nothing; only a move of the host on the same port closes first.
   */
  async restart(host: string, port: number): Promise<void> {
    const old = this.server;
    const oldHost = this.boundHost;
    const oldPort = this.boundPort;
    const samePort = port === oldPort || port === 0;
    if (!old || !samePort) {
      const next = await this.listen(host, port);
      this.adopt(next, host);
      if (old) await closeServer(old);
      return;
    }
    this.server = null;
    await closeServer(old);
    try {
      this.adopt(await this.listen(host, port), host);
    } catch (error) {
      this.adopt(await this.listen(oldHost, oldPort), oldHost);
      throw error;
    }
  }

  private listen(host: string, port: number): Promise<http.Server> {
    const t = this.timeouts;
    const server = http.createServer(
      // Node checks the headers and request timeouts on this interval (30 s by default, too coarse for a 10 s limit).
      { headersTimeout: t.headersMs, requestTimeout: t.requestMs, keepAliveTimeout: t.keepAliveMs, connectionsCheckingInterval: Math.min(1000, t.headersMs / 2) },
      (req, res) => void this.handle(req, res),
    );
    // Node closes connections beyond maxConnections as soon as they are accepted. The setting is read again on
    // each connection, so a change applies without moving the listener.
    const cap = this.handlers.maxConnections;
    server.maxConnections = cap?.() ?? DEFAULT_MAX_CONNECTIONS;
    if (cap) server.on('connection', () => (server.maxConnections = cap()));
    return new Promise<http.Server>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private adopt(server: http.Server, host: string): void {
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.boundHost = host;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const remoteAddress = req.socket.remoteAddress ?? '';
      if (this.limiter) {
        const verdict = this.limiter.take(remoteAddress);
        if (!verdict.ok) {
          req.resume();
          return send(res, { status: 429, body: { error: 'too many requests from this address; slow down' }, headers: { 'retry-after': String(verdict.retryAfterS) } });
        }
      }
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const pathname = q === -1 ? raw : raw.slice(0, q);
      if (req.method === 'GET' && pathname === '/api/health') {
        req.resume();
        return send(res, HEALTH_OK);
      }
      const match = WEBHOOK_PATH.exec(pathname);
      if (!match?.[1] || !this.secret.matches(safeDecode(match[1]))) {
        req.resume();
        return send(res, NOT_FOUND);
      }
      if (match[2] !== undefined) {
        // The subscription listing names projects and images: only behind the secret.
        req.resume();
        if (req.method !== 'GET') return send(res, { status: 405, body: { error: 'use GET' }, headers: { allow: 'GET' } });
        return send(res, { status: 200, body: this.handlers.health() });
      }
      const meta = { method: req.method ?? '', headers: req.headers, remoteAddress };
      if (req.method !== 'POST') {
        req.resume();
        const refused = this.refuse(meta, 405, 'use POST');
        return send(res, { ...refused, headers: { ...refused.headers, allow: 'POST' } });
      }
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === null) return send(res, this.refuse(meta, 413, `body larger than ${String(MAX_BODY_BYTES)} bytes`));
      const answer = await this.handlers.onWebhook({ method: meta.method, headers: meta.headers, remoteAddress, body });
      send(res, answer);
    } catch (error) {
      // A client that went away (or was timed out) mid-body: nothing to answer, nothing to report.
      if (req.destroyed && !req.complete) return;
      console.error('webhook listener', error);
      send(res, { status: 500, body: { error: 'internal error; the request was recorded if it could be read' } });
    }
  }
}

/** Reads at most `limit` bytes; null when the body is larger (the rest is discarded). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A malformed %-escape can never be the secret. */
function safeDecode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function send(res: http.ServerResponse, answer: InboundResponse): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...answer.headers });
  res.end(payload);
}
