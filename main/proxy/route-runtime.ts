import type http from 'node:http';
import type { InflightCounter } from './inflight';
import type { RouteMode, RouteStatus } from './types';

/** One public port being served, in HTTP or TCP mode. */
export interface RouteRuntime {
  readonly key: string;
  readonly mode: RouteMode;
  readonly publicPort: number;
  readonly inflight: InflightCounter;
  readonly target: number | null;
  readonly listening: boolean;
  /** New requests/connections go to these upstreams (balanced, round robin) from the moment this returns; none answers 503. */
  setUpstreams(ports: readonly number[]): void;
  /** Static routes: the directory served from the moment this returns. */
  setRoot?(root: string | null): void;
  readonly root?: string | null;
  /** Rejects with a readable Error when the port cannot be bound. */
  listen(): Promise<void>;
  /** Stops accepting now; what is in flight may finish within graceMs, then is cut. */
  close(graceMs: number): Promise<void>;
}

export function runtimeStatus(rt: RouteRuntime, error: string | null, extraInflight?: Readonly<Record<string, number>>): RouteStatus {
  const inflight: Record<string, number> = { ...rt.inflight.snapshot() };
  if (extraInflight) for (const [port, n] of Object.entries(extraInflight)) inflight[port] = (inflight[port] ?? 0) + n;
  return { key: rt.key, publicPort: rt.publicPort, mode: rt.mode, targetPort: rt.target, ...(rt.mode === 'static' ? { root: rt.root ?? null } : {}), listening: rt.listening, error, inflight };
}

/**
 * The upstreams of a route and the round-robin turn over them. `pick` answers the next one;
 * `other` answers one that is not `failed` (for a retry), else the first.
 */
export class Upstreams {
  private ports: number[];
  private turn = 0;

  constructor(ports: readonly number[]) {
    this.ports = [...ports];
  }

  get first(): number | null {
    return this.ports[0] ?? null;
  }

  includes(port: number): boolean {
    return this.ports.includes(port);
  }

  /** Replaces the upstreams; answers the ones that left. */
  set(ports: readonly number[]): number[] {
    const left = this.ports.filter((p) => !ports.includes(p));
    this.ports = [...ports];
    return left;
  }

  pick(): number | null {
    if (this.ports.length === 0) return null;
    this.turn = (this.turn + 1) % 1_000_000;
    return this.ports[this.turn % this.ports.length] ?? null;
  }

  other(failed: number): number | null {
    const rest = this.ports.filter((p) => p !== failed);
    if (rest.length === 0) return this.first;
    this.turn = (this.turn + 1) % 1_000_000;
    return rest[this.turn % rest.length] ?? null;
  }
}

/** What `close` waits for: nothing in flight on any target, or `graceMs` passed, whichever comes first. */
export async function drainedWithin(inflight: InflightCounter, graceMs: number): Promise<void> {
  if (inflight.total() === 0) return;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: () => void = () => undefined;
  await new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    unsubscribe = inflight.onIdle(() => inflight.total() === 0 && resolve());
  });
  clearTimeout(timer);
  unsubscribe();
}

/** Stops accepting now, lets what is in flight finish within `graceMs`, then cuts the rest (`cut` ends what the server does not track). */
export async function closeHttpServer(server: http.Server, inflight: InflightCounter, graceMs: number, cut: () => void = () => undefined): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await drainedWithin(inflight, graceMs);
  server.closeAllConnections();
  cut();
  await closed;
}
