import type { Duplex } from 'node:stream';
import { PortForward } from '../../docker/port-forward';
import type { PortFinder } from '../../deployer/deps';
import type { TaskUpstream } from './task-address';

/** Opens a connection to host:port as an engine's host sees it (main/docker's Engines satisfies it). */
export interface TaskDialer {
  /** Where the engine's own node's host-mode ports answer, seen from where `dial` connects. */
  portHost(engine: string): string;
  dial(engine: string, host: string, port: number): Promise<Duplex>;
}

interface Open {
  readonly forward: PortForward;
  readonly users: Set<number>;
  idleSince: number | null;
}

/**
 * A loopback port here per task the proxy cannot reach by itself (a task on another node, or on a
 * remote engine's host), piped through the engine's connection: the proxy's pool stays a list of
 * local ports. A forward a pool no longer uses stays open a while, so that requests still on their
 * way to a task that just left the pool finish; Swarm stops that task soon after anyway.
 */
export class TaskForwards {
  private readonly open = new Map<string, Open>();
  private readonly starting = new Map<string, Promise<Open>>();

  constructor(
    private readonly d: { readonly dialer: TaskDialer; readonly ports: Pick<PortFinder, 'findFreePort'> },
    private readonly graceMs = 60_000,
  ) {}

  /** The local ports of one stage's upstreams (opened as needed); the stage's other forwards go idle. */
  async portsFor(stageId: number, engine: string, upstreams: readonly TaskUpstream[]): Promise<number[]> {
    const keys = new Set<string>();
    const ports: number[] = [];
    for (const u of upstreams) {
      const key = `${engine}|${u.host}|${String(u.port)}`;
      keys.add(key);
      const have = this.open.get(key) ?? (await this.opening(key, engine, u));
      have.users.add(stageId);
      have.idleSince = null;
      ports.push(have.forward.localPort);
    }
    this.release(stageId, keys);
    this.sweep();
    return ports;
  }

  /** The stage uses none of its forwards any more (removed, stopped, or routed directly). */
  release(stageId: number, keep: ReadonlySet<string> = new Set()): void {
    const now = Date.now();
    for (const [key, o] of this.open) {
      if (keep.has(key) || !o.users.delete(stageId) || o.users.size > 0) continue;
      o.idleSince = now;
    }
  }

  /** Closes every forward (Slipway stops). */
  close(): void {
    for (const o of this.open.values()) o.forward.close();
    this.open.clear();
  }

  /** Closes the forwards no pool has used for the grace period. */
  sweep(now = Date.now()): void {
    for (const [key, o] of this.open) {
      if (o.idleSince === null || now - o.idleSince < this.graceMs) continue;
      o.forward.close();
      this.open.delete(key);
    }
  }

  /** One forward per key even when two refreshes ask at once. */
  private opening(key: string, engine: string, u: TaskUpstream): Promise<Open> {
    let p = this.starting.get(key);
    if (!p) {
      p = this.start(key, engine, u).finally(() => this.starting.delete(key));
      this.starting.set(key, p);
    }
    return p;
  }

  private async start(key: string, engine: string, u: TaskUpstream): Promise<Open> {
    for (let attempt = 0; ; attempt++) {
      const forward = new PortForward(await this.d.ports.findFreePort(), () => this.d.dialer.dial(engine, u.host, u.port));
      try {
        await forward.listen();
      } catch (error) {
        // Another process took the free port meanwhile: pick again.
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 3) continue;
        throw error;
      }
      const o: Open = { forward, users: new Set(), idleSince: null };
      this.open.set(key, o);
      return o;
    }
  }
}
