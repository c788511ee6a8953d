import net from 'node:net';
import { InflightCounter } from './inflight';
import { ignoreError, listenLoopback, type Logger } from './listen';
import { retryStreamTarget } from './retry-policy';
import { drainedWithin, Upstreams, type RouteRuntime } from './route-runtime';

/**
 * Raw TCP mode: each client connection is paired with one upstream connection to the target
 * current when it arrived (a byte stream cannot move mid-way). Client bytes are not read until
 * the upstream accepted, so a connection refused by a retiring target is retried on the current one.
 */
export class TcpRoute implements RouteRuntime {
  readonly mode = 'tcp' as const;
  readonly inflight = new InflightCounter();
  private readonly upstreams: Upstreams;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly key: string,
    readonly publicPort: number,
    targets: readonly number[],
    private readonly log: Logger,
  ) {
    this.upstreams = new Upstreams(targets);
    this.server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (client) => this.onConnection(client));
    this.server.on('error', (err) => this.log(`${key}: listener error: ${err.message}`));
  }

  get target(): number | null {
    return this.upstreams.first;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  setUpstreams(ports: readonly number[]): void {
    this.upstreams.set(ports);
  }

  listen(): Promise<void> {
    return listenLoopback(this.server, this.publicPort);
  }

  async close(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await drainedWithin(this.inflight, graceMs);
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private onConnection(client: net.Socket): void {
    client.on('error', ignoreError);
    this.track(client);
    this.connect(client, this.upstreams.pick(), 0);
  }

  private connect(client: net.Socket, target: number | null, attempt: number): void {
    if (target === null || client.destroyed) {
      client.destroy();
      return;
    }
    const release = this.inflight.begin(target);
    const upstream = net.connect({ host: '127.0.0.1', port: target, allowHalfOpen: true, noDelay: true });
    this.track(upstream);
    let connected = false;
    let retried = false;
    const onClientClose = (): void => {
      upstream.destroy();
    };
    client.once('close', onClientClose);
    upstream.once('close', (hadError: boolean) => {
      release();
      if (retried) return;
      if (hadError) client.destroy();
      else client.end();
    });
    upstream.once('connect', () => {
      connected = true;
      upstream.pipe(client);
      client.pipe(upstream);
      client.resume();
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (connected) return; // 'close' with hadError follows and cuts the client
      const next = retryStreamTarget({ code: err.code, failedTarget: target, currentTarget: this.upstreams.other(target), attempt, connected });
      if (next !== null) {
        retried = true;
        client.removeListener('close', onClientClose);
        this.connect(client, next, attempt + 1);
        return;
      }
      this.log(`${this.key}: connection → 127.0.0.1:${String(target)} failed: ${err.code ?? err.message}`);
    });
  }
}
