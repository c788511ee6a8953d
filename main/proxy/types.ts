/** How a stable port answers: forwards per HTTP request or per raw TCP connection, or serves a directory. */
export type RouteMode = 'http' | 'tcp' | 'static';

/** One stable URL: `127.0.0.1:publicPort` forwards to `127.0.0.1:targetPort` (or answers "no live instance"). */
export interface RouteSpec {
  /** Who owns the route, e.g. 'stage:12'. */
  readonly key: string;
  readonly publicPort: number;
  readonly mode: RouteMode;
  readonly targetPort: number | null;
  /** `static` routes: the directory served (an immutable snapshot); null answers 503. */
  readonly root?: string | null;
  /**
   * Several upstreams (the tasks of a Swarm service): requests and connections are balanced over
   * them, round robin. `targetPort` is then the first one, or null for an empty pool.
   */
  readonly pool?: readonly number[] | undefined;
}

export interface RouteStatus extends RouteSpec {
  readonly listening: boolean;
  /** Why the public port is not served (e.g. another program holds it); null when listening. */
  readonly error: string | null;
  /** Requests / connections in flight, by target port. */
  readonly inflight: Readonly<Record<string, number>>;
}

export interface ProxyControl {
  readonly pid: number;
  /** True if an already running proxy was found. */
  readonly adopted: boolean;
  /** Resolves once new requests go to targetPort; rejects with a clear Error if publicPort cannot be bound. */
  setRoute(spec: RouteSpec): Promise<RouteStatus>;
  /** Stops listening on the route's port (requests in flight finish). */
  removeRoute(key: string): Promise<void>;
  listRoutes(): Promise<RouteStatus[]>;
  /** Waits until nothing is in flight on (key, targetPort), for draining an old instance. */
  waitDrained(key: string, targetPort: number, timeoutMs: number): Promise<{ drained: boolean; inflight: number }>;
  /** Stops the proxy process; routes stay in routes.json. */
  shutdown(): Promise<void>;
  /** Forgets the connection and leaves the proxy running. */
  close(): void;
}

/** How to start the proxy process; connectProxy appends `--state-dir DIR`. `env` is added to the current environment. */
export interface ProxyLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}
