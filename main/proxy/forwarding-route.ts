import type net from 'node:net';
import { InflightCounter } from './inflight';
import { listenLoopback, type Logger } from './listen';

/** What the HTTP and TCP routes share: a loopback listener on the public port and the target new traffic goes to. */
export abstract class ForwardingRoute {
  readonly inflight = new InflightCounter();
  protected current: number | null;
  protected abstract readonly server: net.Server;

  constructor(
    readonly key: string,
    readonly publicPort: number,
    target: number | null,
    protected readonly log: Logger,
  ) {
    this.current = target;
  }

  get target(): number | null {
    return this.current;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  setTarget(target: number | null): void {
    this.current = target;
  }

  listen(): Promise<void> {
    return listenLoopback(this.server, this.publicPort);
  }

  /** Reports listener errors (a port taken after the bind is the common one). */
  protected logListenerErrors(): void {
    this.server.on('error', (err) => this.log(`${this.key}: listener error: ${err.message}`));
  }
}
