import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppEvent, Result } from '../../preload/contract';
import type { Dispatch } from '../dispatch/dispatch';
import type { EventBus } from '../events/bus';
import { readBody } from '../inbound-webhook/listener';
import { presentedToken, tokensEqual } from './auth';
import { ticketTarget, type DownloadTickets } from './download-tickets';
import { corsOriginAllowed } from './cors';
import { allowedHosts, hostAllowed } from './host-check';
import { openEventStream } from './event-stream';
import type { RawRoute } from './raw-route';
import { serveStatic } from './static-files';
import { statusForCode } from './status';

export interface ApiServerOptions {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  /** Persisted events after an id, oldest first (SSE catch-up). */
  readonly replay: (afterId: number, limit: number) => AppEvent[];
  readonly token: string;
  /** Built renderer to serve at `/`; null serves no UI (desktop shell). */
  readonly staticRoot: string | null;
  readonly rawRoutes: readonly RawRoute[];
  /** Page origins besides our own that may call (the desktop window is `app://slipway`); "null" is never accepted. */
  readonly corsOrigins?: readonly string[];
  /** Single-use download links accepted instead of the token on GET /api/raw/…. */
  readonly tickets?: DownloadTickets;
  /** Serve only the /api/raw/ transfer routes (the desktop window's loopback server): no calls, no event stream. */
  readonly transferOnly?: boolean;
}

export interface ApiServer {
  readonly origin: string;
  readonly apiUrl: string;
  close(): Promise<void>;
}

const MAX_CALL_BYTES = 10 * 1024 * 1024;
const UNAUTHORIZED: Result<never> = {
  ok: false,
  error: {
    code: 'UNAUTHORIZED',
    message: 'Missing or wrong token. Open the UI URL that `slipway serve` printed (it carries the token), or send `Authorization: Bearer <token>` with the token from runtime.json.',
  },
};

/** Sets the CORS headers for an allowed origin and answers its preflight; `refused` means the origin is not allowed. */
function applyCors(req: http.IncomingMessage, res: http.ServerResponse, corsOrigins: readonly string[]): 'allowed' | 'answered' | 'refused' {
  const origin = corsOriginAllowed(req.headers.origin, corsOrigins);
  if (origin === null) return 'refused';
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  if (req.method !== 'OPTIONS') return 'allowed';
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, PUT, POST, DELETE',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-max-age': '600',
    // Chromium asks before a page reaches a loopback address (Private Network Access); only allowed origins get here.
    ...(req.headers['access-control-request-private-network'] === 'true' ? { 'access-control-allow-private-network': 'true' } : {}),
  });
  res.end();
  return 'answered';
}

/** The headless transport: the contract as `POST /api/<method>`, live pushes as SSE, the renderer as static files. */
export async function startApiServer(opts: ApiServerOptions, host: string, port: number): Promise<ApiServer> {
  const streams = new Set<() => void>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('api server', error);
      if (!res.headersSent) json(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The request could not be handled; see the event log.' } });
      else res.destroy();
    });
  });

  let hosts: ReadonlySet<string> = new Set();

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Before anything else: a DNS-rebinding page talks to us under a name of its own.
    if (!hostAllowed(req.headers.host, hosts)) {
      req.resume();
      return json(res, 421, { ok: false, error: { code: 'UNAUTHORIZED', message: `Host "${req.headers.host ?? ''}" is not this server. Use ${[...hosts].join(' or ')}.` } });
    }
    const url = new URL(req.url ?? '/', 'http://slipway');
    const path = url.pathname;
    if (opts.transferOnly === true && !path.startsWith('/api/raw/')) {
      req.resume();
      return json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'This server serves file transfers only.' } });
    }
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'use GET' });
      if (opts.staticRoot === null) return json(res, 404, { error: 'not found' });
      return serveStatic(opts.staticRoot, path, res);
    }
    const cors = applyCors(req, res, opts.corsOrigins ?? []);
    if (cors === 'answered') return;
    const corsAllowed = cors === 'allowed';
    if (!corsAllowed && !sameOrigin(req)) return json(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Cross-origin requests are refused.' } });
    const ticket = req.method === 'GET' && path.startsWith('/api/raw/') ? url.searchParams.get('ticket') : null;
    const ticketOk = ticket !== null && opts.tickets !== undefined && opts.tickets.redeem(ticket, ticketTarget(path, url.searchParams));
    const token = presentedToken(req, url);
    if (!ticketOk && (token === null || !tokensEqual(token, opts.token))) {
      req.resume();
      return json(res, 401, UNAUTHORIZED);
    }
    if (path === '/api/stream' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? req.headers['last-event-id'] ?? 0);
      const close = openEventStream(res, opts.bus, opts.replay, Number.isFinite(since) && since > 0 ? since : 0);
      streams.add(close);
      res.on('close', () => streams.delete(close));
      return;
    }
    if (path.startsWith('/api/raw/')) {
      for (const route of opts.rawRoutes) {
        const match = route.method === req.method ? route.path.exec(path) : null;
        if (match) return route.handle(req, res, match, url);
      }
      return json(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No transfer route ${path}.` } });
    }
    return callMethod(req, res, path, opts.dispatch);
  }

  await listen(server, port, host);
  const address = server.address() as AddressInfo;
  hosts = allowedHosts(host, address.port);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${String(address.port)}`;
  return {
    origin,
    apiUrl: `${origin}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const close of streams) close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A contract call: `POST /api/<method>` with the method's input as a JSON body. */
async function callMethod(req: http.IncomingMessage, res: http.ServerResponse, path: string, dispatch: Dispatch): Promise<void> {
  let method: string;
  try {
    method = decodeURIComponent(path.slice('/api/'.length));
  } catch {
    req.resume();
    return json(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The method name has a malformed % escape. Call POST /api/<method>, e.g. /api/system.status.' } });
  }
  if (req.method !== 'POST') return json(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: `Call ${method} with POST and a JSON body.` } });
  const body = await readBody(req, MAX_CALL_BYTES);
  if (body === null) return json(res, 413, { ok: false, error: { code: 'TOO_LARGE', message: 'The request body is larger than 10 MiB.' } });
  let input: unknown = {};
  if (body.length > 0) {
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return json(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The body is not valid JSON. Send a JSON object with the method input, e.g. {}.' } });
    }
  }
  const result = await dispatch(method, input);
  json(res, result.ok ? 200 : statusForCode[result.error.code], result);
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Browsers send Origin on cross-site requests; only our own page may call. Scripts send none. */
function sameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
