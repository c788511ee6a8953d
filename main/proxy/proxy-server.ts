import { HttpRoute } from './http-route';
import type { Logger } from './listen';
import { planSetRoute, upstreamsOf, withoutRoute, withRoute } from './route-table';
import { runtimeStatus, type RouteRuntime } from './route-runtime';
import type { RoutesStore } from './routes-store';
import { StaticRoute } from './static-route';
import { TcpRoute } from './tcp-route';
import type { RouteSpec, RouteStatus } from './types';

/** A refusal with an HTTP status for the control channel (the message is shown to the user). */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RouteError';
  }
}

export interface ProxyServerOptions {
  readonly store: RoutesStore;
  readonly log: Logger;
  /** How long a replaced or removed listener lets its requests finish before cutting them. */
  readonly retireGraceMs?: number;
  /** How often a route whose port could not be bound tries again. */
  readonly rebindIntervalMs?: number;
}

/**
 * The route table of a running proxy: one listener per route, retargeted in place, persisted
 * after every change. Changes are applied one at a time.
 */
export class ProxyServer {
  private specs = new Map<string, RouteSpec>();
  private readonly runtimes = new Map<string, RouteRuntime>();
  private readonly bindErrors = new Map<string, string>();
  /** Listeners being closed after a rebind or removal; their in-flight work still counts. */
  private readonly retiring = new Map<string, Set<RouteRuntime>>();
  private queue: Promise<unknown> = Promise.resolve();
  private rebindTimer: NodeJS.Timeout | null = null;
  private readonly retireGraceMs: number;

  constructor(private readonly opts: ProxyServerOptions) {
    this.retireGraceMs = opts.retireGraceMs ?? 30_000;
  }

  get size(): number {
    return this.specs.size;
  }

  /** Serves the saved routes. A port that cannot be had is reported in its status and retried. */
  async restore(): Promise<void> {
    const routes = await this.opts.store.load();
    for (const spec of routes) {
      const rt = this.makeRuntime(spec);
      this.specs.set(spec.key, spec);
      this.runtimes.set(spec.key, rt);
      await this.tryListen(rt);
    }
    this.opts.log(`restored ${String(routes.length)} route(s)`);
    this.rebindTimer = setInterval(() => void this.rebindFailed(), this.opts.rebindIntervalMs ?? 2_000);
  }

  setRoute(spec: RouteSpec): Promise<RouteStatus> {
    return this.exclusive(() => this.applyRoute(spec));
  }

  removeRoute(key: string): Promise<void> {
    return this.exclusive(async () => {
      const rt = this.runtimes.get(key);
      if (!this.specs.has(key)) return;
      this.specs = withoutRoute(this.specs, key);
      this.runtimes.delete(key);
      this.bindErrors.delete(key);
      if (rt) this.retire(rt);
      this.opts.log(`${key}: removed`);
      await this.persist();
    });
  }

  list(): RouteStatus[] {
    return [...this.specs.keys()].sort().map((key) => this.status(key));
  }

  /** Resolves when nothing is in flight on (key, target) — across the live and retiring listeners — or at the deadline. */
  async waitDrained(key: string, target: number, timeoutMs: number): Promise<{ drained: boolean; inflight: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counters = this.countersFor(key);
      const inflight = counters.reduce((n, c) => n + c.count(target), 0);
      const left = deadline - Date.now();
      if (inflight === 0) return { drained: true, inflight: 0 };
      if (left <= 0) return { drained: false, inflight };
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(counters.map((c) => c.whenDrained(target))),
        new Promise((resolve) => (timer = setTimeout(resolve, left))),
      ]);
      clearTimeout(timer);
    }
  }

  /** Stops every listener; in-flight work gets graceMs to finish. Routes stay saved. */
  async stop(graceMs: number): Promise<void> {
    if (this.rebindTimer) clearInterval(this.rebindTimer);
    this.rebindTimer = null;
    await this.queue.catch(() => undefined);
    const all = [...this.runtimes.values(), ...[...this.retiring.values()].flatMap((s) => [...s])];
    this.runtimes.clear();
    await Promise.all(all.map((rt) => rt.close(graceMs)));
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyRoute(spec: RouteSpec): Promise<RouteStatus> {
    const plan = planSetRoute(this.specs, spec);
    const rt = this.runtimes.get(spec.key);
    switch (plan.kind) {
      case 'conflict':
        throw new RouteError(409, plan.message);
      case 'create': {
        const fresh = this.makeRuntime(spec);
        await this.listenOrThrow(fresh);
        this.runtimes.set(spec.key, fresh);
        this.opts.log(`${spec.key}: serving ${spec.mode} on 127.0.0.1:${String(spec.publicPort)} → ${describeTarget(spec.targetPort)}`);
        break;
      }
      case 'unchanged':
      case 'retarget': {
        if (!rt) throw new Error(`route ${spec.key} has no listener`);
        rt.setUpstreams(upstreamsOf(spec));
        rt.setRoot?.(spec.root ?? null);
        if (plan.kind === 'retarget') this.opts.log(`${spec.key}: ${spec.mode === 'static' ? `serving ${spec.root ?? 'nothing'}` : spec.pool ? `pool ${describePool(spec.pool)}` : `${describeTarget(plan.from)} → ${describeTarget(plan.to)}`}`);
        // Keep the desired state even if the port is still taken; the caller hears why.
        this.specs = withRoute(this.specs, spec);
        await this.persist();
        if (!rt.listening && !(await this.tryListen(rt))) throw new RouteError(409, this.bindErrors.get(spec.key) ?? 'cannot listen');
        return this.status(spec.key);
      }
      case 'rebind': {
        if (!rt) throw new Error(`route ${spec.key} has no listener`);
        const fresh = this.makeRuntime(spec);
        if (plan.samePort) {
          // Only the mode changed: the old listener must let go of the port first.
          this.retire(rt);
          try {
            await this.listenOrThrow(fresh);
          } catch (error) {
            const back = this.makeRuntime(this.specs.get(spec.key) ?? spec);
            this.runtimes.set(spec.key, back);
            await this.tryListen(back);
            throw error;
          }
        } else {
          await this.listenOrThrow(fresh);
          this.retire(rt);
        }
        this.runtimes.set(spec.key, fresh);
        this.bindErrors.delete(spec.key);
        this.opts.log(`${spec.key}: now ${spec.mode} on 127.0.0.1:${String(spec.publicPort)} → ${describeTarget(spec.targetPort)}`);
        break;
      }
    }
    this.specs = withRoute(this.specs, spec);
    await this.persist();
    return this.status(spec.key);
  }

  private async persist(): Promise<void> {
    try {
      await this.opts.store.save([...this.specs.values()]);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.opts.log(`could not save routes: ${why}`);
      throw new RouteError(500, `the route is active but could not be saved to routes.json (${why}); it will be lost if the proxy restarts`);
    }
  }

  private makeRuntime(spec: RouteSpec): RouteRuntime {
    if (spec.mode === 'static') return new StaticRoute(spec.key, spec.publicPort, spec.root ?? null, this.opts.log);
    return spec.mode === 'http'
      ? new HttpRoute(spec.key, spec.publicPort, upstreamsOf(spec), this.opts.log)
      : new TcpRoute(spec.key, spec.publicPort, upstreamsOf(spec), this.opts.log);
  }

  private async listenOrThrow(rt: RouteRuntime): Promise<void> {
    try {
      await rt.listen();
    } catch (error) {
      throw new RouteError(409, error instanceof Error ? error.message : String(error));
    }
  }

  private async tryListen(rt: RouteRuntime): Promise<boolean> {
    try {
      await rt.listen();
      this.bindErrors.delete(rt.key);
      return true;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      if (this.bindErrors.get(rt.key) !== why) this.opts.log(`${rt.key}: ${why}`);
      this.bindErrors.set(rt.key, why);
      return false;
    }
  }

  private async rebindFailed(): Promise<void> {
    if (this.bindErrors.size === 0) return;
    await this.exclusive(async () => {
      for (const key of [...this.bindErrors.keys()]) {
        const rt = this.runtimes.get(key);
        if (rt && !rt.listening && (await this.tryListen(rt))) this.opts.log(`${key}: port ${String(rt.publicPort)} is free again, serving`);
      }
    });
  }

  private retire(rt: RouteRuntime): void {
    let set = this.retiring.get(rt.key);
    if (!set) {
      set = new Set();
      this.retiring.set(rt.key, set);
    }
    set.add(rt);
    const done = (): void => {
      set.delete(rt);
      if (set.size === 0 && this.retiring.get(rt.key) === set) this.retiring.delete(rt.key);
    };
    rt.close(this.retireGraceMs).then(done, done);
  }

  private countersFor(key: string): RouteRuntime['inflight'][] {
    const out: RouteRuntime['inflight'][] = [];
    const rt = this.runtimes.get(key);
    if (rt) out.push(rt.inflight);
    for (const r of this.retiring.get(key) ?? []) out.push(r.inflight);
    return out;
  }

  private status(key: string): RouteStatus {
    const spec = this.specs.get(key);
    const rt = this.runtimes.get(key);
    const extra: Record<string, number> = {};
    for (const r of this.retiring.get(key) ?? []) {
      for (const [port, n] of Object.entries(r.inflight.snapshot())) extra[port] = (extra[port] ?? 0) + n;
    }
    if (!rt || !spec) throw new RouteError(404, `no route ${key}`);
    const base = runtimeStatus(rt, this.bindErrors.get(key) ?? null, extra);
    return { ...base, targetPort: spec.targetPort, ...(spec.pool ? { pool: [...spec.pool] } : {}) };
  }
}

function describePool(ports: readonly number[]): string {
  return ports.length === 0 ? '(empty)' : ports.map((p) => `127.0.0.1:${String(p)}`).join(', ');
}

function describeTarget(port: number | null): string {
  return port === null ? 'no live instance' : `127.0.0.1:${String(port)}`;
}
