import fs from 'node:fs/promises';
import http from 'node:http';
import { drainRequestSchema, type ProxyHealth } from './control-protocol';
import type { Logger } from './listen';
import { RouteError, type ProxyServer } from './proxy-server';
import { parseRouteSpec } from './route-spec';

const MAX_BODY = 64 * 1024;

export interface ControlServerOptions {
  readonly proxy: ProxyServer;
  readonly health: () => ProxyHealth;
  readonly onShutdown: () => void;
  readonly log: Logger;
}

/**
 * The control channel (see control-protocol.ts): HTTP+JSON on a unix socket only the owner can
 * open (mode 0600), or a named pipe on Windows.
 */
export class ControlServer {
  private readonly server: http.Server;

  constructor(private readonly opts: ControlServerOptions) {
    this.server = http.createServer({ requestTimeout: 0 }, (req, res) => void this.handle(req, res));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  async listen(controlPath: string): Promise<void> {
    // The umask makes the socket private from the moment it exists (chmod after would leave a window).
    const oldMask = process.platform === 'win32' ? null : process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(controlPath, () => {
          this.server.removeListener('error', reject);
          resolve();
        });
      });
    } finally {
      if (oldMask !== null) process.umask(oldMask);
    }
    if (process.platform !== 'win32') await fs.chmod(controlPath, 0o600);
    this.server.on('error', (err) => this.opts.log(`control channel error: ${err.message}`));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    req.on('error', () => res.destroy());
    res.on('error', () => undefined);
    try {
      const { status, body } = await this.route(req);
      send(res, status, body);
      if (req.method === 'POST' && req.url === '/shutdown') res.once('finish', () => this.opts.onShutdown());
    } catch (error) {
      if (error instanceof RouteError) send(res, error.status, { error: error.message });
      else {
        this.opts.log(`control ${req.method ?? ''} ${req.url ?? ''} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  private async route(req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const { proxy } = this.opts;
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/health') return { status: 200, body: this.opts.health() };
    if (method === 'GET' && url.pathname === '/routes') return { status: 200, body: { routes: proxy.list() } };
    if (method === 'PUT' && url.pathname === '/routes') {
      const parsed = parseRouteSpec(await readJson(req));
      if (!parsed.ok) throw new RouteError(400, parsed.error);
      return { status: 200, body: { route: await proxy.setRoute(parsed.spec) } };
    }
    if (method === 'DELETE' && url.pathname.startsWith('/routes/')) {
      await proxy.removeRoute(decodeURIComponent(url.pathname.slice('/routes/'.length)));
      return { status: 200, body: { ok: true } };
    }
    if (method === 'POST' && url.pathname === '/drain') {
      const parsed = drainRequestSchema.safeParse(await readJson(req));
      if (!parsed.success) throw new RouteError(400, `invalid drain request: ${parsed.error.message}`);
      const { key, targetPort, timeoutMs } = parsed.data;
      return { status: 200, body: await proxy.waitDrained(key, targetPort, timeoutMs) };
    }
    if (method === 'POST' && url.pathname === '/shutdown') return { status: 200, body: { ok: true } };
    throw new RouteError(404, `unknown control request ${method} ${url.pathname}`);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new RouteError(413, 'control request too large');
    chunks.push(buf);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new RouteError(400, 'control request body is not JSON');
  }
}
