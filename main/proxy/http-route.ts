import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { downstreamResponseHeaders, hasRequestBody, upstreamRequestHeaders } from './forwarded-headers';
import { InflightCounter } from './inflight';
import { ignoreError, listenLoopback, type Logger } from './listen';
import { retryStreamTarget, retryTarget, type Retry } from './retry-policy';
import { closeHttpServer, Upstreams, type RouteRuntime } from './route-runtime';
import { unavailableBody, type UnavailableReason } from './unavailable-page';

const UPSTREAM_HOST = '127.0.0.1';
/** Below the 5 s keep-alive timeout most servers use, so we rarely pick a socket the app is closing. */
const UPSTREAM_IDLE_MS = 4_000;
/** How long a tunnel waits for the second side to close after the first one ended. */
const TUNNEL_CLOSE_GRACE_MS = 1_000;

/**
 * HTTP mode: every request (not every client connection) is routed to an upstream current at the
 * time it arrives (round robin when there are several), so idle keep-alive clients follow a switch
 * at once. Upstream connections are pooled per target; a target's pool is dropped once it is no
 * longer an upstream and has drained.
 */
export class HttpRoute implements RouteRuntime {
  readonly mode = 'http' as const;
  readonly inflight = new InflightCounter();
  private readonly upstreams: Upstreams;
  private readonly server: http.Server;
  private readonly agents = new Map<number, http.Agent>();
  private readonly tunnels = new Set<Duplex>();

  constructor(
    readonly key: string,
    readonly publicPort: number,
    targets: readonly number[],
    private readonly log: Logger,
  ) {
    this.upstreams = new Upstreams(targets);
    this.server = http.createServer(
      // Requests may stream for a long time (uploads, SSE): no overall request timeout.
      { requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000, noDelay: true },
      (req, res) => this.onRequest(req, res),
    );
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
      if (err.code === 'ECONNRESET' || !socket.writable) socket.destroy();
      else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
    this.server.on('error', (err) => this.log(`${key}: listener error: ${err.message}`));
    this.inflight.onIdle((t) => {
      if (!this.upstreams.includes(t)) this.dropAgent(t);
    });
  }

  get target(): number | null {
    return this.upstreams.first;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  setUpstreams(ports: readonly number[]): void {
    for (const left of this.upstreams.set(ports)) if (this.inflight.count(left) === 0) this.dropAgent(left);
  }

  listen(): Promise<void> {
    return listenLoopback(this.server, this.publicPort);
  }

  async close(graceMs: number): Promise<void> {
    await closeHttpServer(this.server, this.inflight, graceMs, () => {
      for (const t of this.tunnels) t.destroy();
      for (const port of [...this.agents.keys()]) this.dropAgent(port);
    });
  }

  private agentFor(target: number): http.Agent {
    let agent = this.agents.get(target);
    if (!agent) {
      agent = new http.Agent({ keepAlive: true, timeout: UPSTREAM_IDLE_MS, scheduling: 'lifo' });
      this.agents.set(target, agent);
    }
    return agent;
  }

  private dropAgent(target: number): void {
    const agent = this.agents.get(target);
    if (!agent) return;
    this.agents.delete(target);
    agent.destroy();
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.on('error', ignoreError);
    res.on('error', ignoreError);
    this.forward(req, res, this.upstreams.pick(), 0, 0);
  }

  /** `firstFailedAt`: when the first attempt failed (0 before that), which bounds how long a replay is waited for. */
  private forward(req: http.IncomingMessage, res: http.ServerResponse, target: number | null, attempt: number, firstFailedAt: number): void {
    if (target === null) {
      this.sendUnavailable(req, res, 'no-target');
      return;
    }
    const release = this.inflight.begin(target);
    res.once('close', release);
    const withBody = hasRequestBody(req.headers);
    let connected = false;
    let bodyStreamed = false;
    let responseStarted = false;

    const upReq = this.upstreamRequest(req, target, false);
    const onClientGone = (): void => {
      if (!res.writableFinished) upReq.destroy();
    };
    res.once('close', onClientGone);

    // The body is only read once the upstream is connected, so a refused connection leaves it
    // untouched and the request can be replayed elsewhere.
    const startBody = (): void => {
      connected = true;
      if (!withBody || res.destroyed) return;
      bodyStreamed = true;
      req.pipe(upReq);
    };
    upReq.on('socket', (socket: net.Socket) => {
      if (socket.connecting) socket.once('connect', startBody);
      else startBody();
    });
    if (!withBody) upReq.end();

    upReq.on('response', (upRes: http.IncomingMessage) => {
      responseStarted = true;
      this.relayResponse(upRes, res, target);
    });

    upReq.on('error', (err: NodeJS.ErrnoException) => {
      if (res.writableEnded || res.destroyed) return;
      req.unpipe(upReq);
      res.removeListener('close', release);
      res.removeListener('close', onClientGone);
      release();
      const failedAt = firstFailedAt === 0 ? Date.now() : firstFailedAt;
      const next = retryTarget({
        code: err.code,
        method: req.method ?? 'GET',
        failedTarget: target,
        currentTarget: this.upstreams.other(target),
        attempt,
        elapsedMs: Date.now() - failedAt,
        connected,
        reusedSocket: upReq.reusedSocket,
        bodyStreamed,
        responseStarted,
      });
      if (next !== null) {
        this.retryLater(req, res, next, attempt + 1, failedAt);
        return;
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      this.log(`${this.key}: ${req.method ?? 'GET'} ${req.url ?? '/'} → 127.0.0.1:${String(target)} failed: ${err.code ?? err.message}`);
      this.sendUnavailable(req, res, 'bad-gateway');
    });
  }

  /** Sends a request again after `delayMs`, to the target then current if the one chosen left meanwhile. */
  private retryLater(req: http.IncomingMessage, res: http.ServerResponse, next: Retry, attempt: number, firstFailedAt: number): void {
    if (next.delayMs === 0) {
      this.forward(req, res, next.target, attempt, firstFailedAt);
      return;
    }
    const timer = setTimeout(() => {
      res.removeListener('close', cancel);
      // The route closed meanwhile: its pools are gone.
      if (!this.server.listening) res.destroy();
      if (res.destroyed) return;
      this.forward(req, res, this.upstreams.includes(next.target) ? next.target : this.upstreams.pick(), attempt, firstFailedAt);
    }, next.delayMs);
    const cancel = (): void => clearTimeout(timer);
    res.once('close', cancel);
  }

  private upstreamRequest(req: http.IncomingMessage, target: number, upgrade: boolean): http.ClientRequest {
    return http.request({
      host: UPSTREAM_HOST,
      port: target,
      method: req.method,
      path: req.url,
      headers: upstreamRequestHeaders(req.headers, { remoteAddress: req.socket.remoteAddress, publicPort: this.publicPort, upgrade }),
      // A tunnel never goes back to a pool.
      agent: upgrade ? false : this.agentFor(target),
    });
  }

  private relayResponse(upRes: http.IncomingMessage, res: http.ServerResponse, target: number): void {
    upRes.on('error', () => res.destroy());
    if (res.destroyed) {
      upRes.resume();
      return;
    }
    try {
      res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, downstreamResponseHeaders(upRes.rawHeaders));
    } catch (error) {
      // A header our server refuses to write (it already passed the client parser): cut, don't crash.
      this.log(`${this.key}: cannot relay the response of 127.0.0.1:${String(target)}: ${error instanceof Error ? error.message : String(error)}`);
      upRes.resume();
      res.destroy();
      return;
    }
    upRes.pipe(res);
  }

  /** The app said 101: relay its answer, then pipe bytes both ways until either side ends. */
  private openTunnel(socket: Duplex, head: Buffer, upRes: http.IncomingMessage, upSocket: net.Socket, upHead: Buffer): void {
    upSocket.on('error', ignoreError);
    if (socket.destroyed) {
      upSocket.destroy();
      return;
    }
    this.tunnels.add(socket);
    socket.once('close', () => this.tunnels.delete(socket));
    upSocket.setNoDelay(true);
    socket.write(responseHead(upRes.statusCode ?? 101, upRes.statusMessage, downstreamResponseHeaders(upRes.rawHeaders, true)));
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    upSocket.pipe(socket);
    socket.pipe(upSocket);
    // Tunnels (WebSocket) have no use for half-closed connections: once either side ends, the
    // other is ended too, and both are cut shortly after if a peer does not close its side.
    const finish = (): void => {
      setTimeout(() => {
        socket.destroy();
        upSocket.destroy();
      }, TUNNEL_CLOSE_GRACE_MS).unref();
    };
    socket.once('end', finish);
    upSocket.once('end', finish);
    upSocket.once('close', (hadError: boolean) => {
      if (hadError) socket.destroy();
      else socket.end();
    });
    socket.once('close', () => upSocket.destroy());
  }

  private sendUnavailable(req: http.IncomingMessage, res: http.ServerResponse, reason: UnavailableReason): void {
    const page = unavailableBody(reason, this.key, req.headers.accept);
    res.writeHead(page.status, {
      'content-type': page.contentType,
      'content-length': Buffer.byteLength(page.body),
      'cache-control': 'no-store',
      'retry-after': '1',
    });
    res.end(req.method === 'HEAD' ? undefined : page.body);
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', ignoreError);
    this.forwardUpgrade(req, socket, head, this.upstreams.pick(), 0);
  }

  /** WebSocket and other Upgrade requests: a 101 from the app turns into a byte tunnel. */
  private forwardUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, target: number | null, attempt: number): void {
    if (target === null) {
      writeRawResponse(socket, unavailableBody('no-target', this.key, req.headers.accept));
      return;
    }
    const release = this.inflight.begin(target);
    socket.once('close', release);
    let answered = false;
    const upReq = this.upstreamRequest(req, target, true);
    const onClientGone = (): void => {
      if (!answered) upReq.destroy();
    };
    socket.once('close', onClientGone);

    upReq.on('upgrade', (upRes: http.IncomingMessage, upSocket: net.Socket, upHead: Buffer) => {
      answered = true;
      this.openTunnel(socket, head, upRes, upSocket, upHead);
    });

    upReq.on('response', (upRes: http.IncomingMessage) => {
      // The app declined the upgrade: relay its answer and close (the body runs until close).
      answered = true;
      upRes.on('error', () => socket.destroy());
      const headers = downstreamResponseHeaders(upRes.rawHeaders).concat(['Connection', 'close']);
      socket.write(responseHead(upRes.statusCode ?? 502, upRes.statusMessage, headers));
      upRes.pipe(socket);
    });

    upReq.on('error', (err: NodeJS.ErrnoException) => {
      if (answered || socket.destroyed) {
        socket.destroy();
        return;
      }
      socket.removeListener('close', release);
      socket.removeListener('close', onClientGone);
      release();
      const next = retryStreamTarget({ code: err.code, failedTarget: target, currentTarget: this.upstreams.other(target), attempt, connected: err.code !== 'ECONNREFUSED' });
      if (next !== null) {
        this.forwardUpgrade(req, socket, head, next, attempt + 1);
        return;
      }
      writeRawResponse(socket, unavailableBody('bad-gateway', this.key, req.headers.accept));
    });
    upReq.end();
  }
}

function responseHead(status: number, message: string | undefined, rawHeaders: readonly string[]): string {
  let out = `HTTP/1.1 ${String(status)} ${message ?? http.STATUS_CODES[status] ?? ''}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) out += `${rawHeaders[i] ?? ''}: ${rawHeaders[i + 1] ?? ''}\r\n`;
  return `${out}\r\n`;
}

function writeRawResponse(socket: Duplex, page: { status: number; contentType: string; body: string }): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = responseHead(page.status, undefined, [
    'Content-Type',
    page.contentType,
    'Content-Length',
    String(Buffer.byteLength(page.body)),
    'Connection',
    'close',
  ]);
  socket.end(head + page.body);
}
