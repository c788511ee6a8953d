import fs from 'node:fs';
import http from 'node:http';
import type { z } from 'zod';
import { ControlUnreachableError, controlRequest, probeHealth, type ControlRequest } from './control-client';
import { drainResultSchema, okSchema, routeListSchema, routeResultSchema, type ProxyHealth } from './control-protocol';
import { spawnDetached } from './launch';
import { proxyPaths, type ProxyPaths } from './paths';
import { processAlive } from './pid-lock';
import type { ProxyControl, ProxyLaunch, RouteSpec, RouteStatus } from './types';

const DEFAULT_START_TIMEOUT_MS = 15_000;
const CALL_TIMEOUT_MS = 30_000;

export interface ConnectProxyOptions {
  readonly stateDir: string;
  readonly launch: ProxyLaunch;
  readonly startTimeoutMs?: number;
}

/**
 * Adopts the proxy already serving `stateDir`, or starts one (detached, logging to
 * DIR/proxy.log) and waits until it is healthy. Stale pid/socket files are harmless: only an
 * answer on /health counts as "running".
 */
export async function connectProxy(opts: ConnectProxyOptions): Promise<ProxyControl> {
  fs.mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
  const paths = proxyPaths(opts.stateDir);
  const found = await ensureRunning(paths, opts.launch, opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  return new ProxyClient(paths, opts.launch, opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, found.health.pid, found.adopted);
}

async function ensureRunning(paths: ProxyPaths, launch: ProxyLaunch, timeoutMs: number): Promise<{ health: ProxyHealth; adopted: boolean }> {
  const existing = await probeHealth(paths.control, 2_000);
  if (existing) {
    if (existing.stateDir !== paths.stateDir) {
      throw new Error(`the proxy at ${paths.control} serves ${existing.stateDir}, not ${paths.stateDir}`);
    }
    return { health: existing, adopted: true };
  }
  const child = spawnDetached(launch, paths.stateDir, paths.logFile);
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    const health = await probeHealth(paths.control, 1_000);
    // Another app may have started one at the same moment: ours then steps aside, and we adopt theirs.
    if (health) return { health, adopted: health.pid !== child.pid };
    if (exitCode !== undefined && !(await probeHealth(paths.control, 1_000))) {
      throw new Error(`the proxy exited (code ${String(exitCode)}) before it was ready; see ${paths.logFile}:\n${logTail(paths.logFile)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`the proxy did not answer within ${String(timeoutMs)} ms; see ${paths.logFile}:\n${logTail(paths.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

function logTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The app's handle on the proxy. Calls are declarative and idempotent, so if the proxy died
 * meanwhile the call starts a new one (which restores routes.json) and is sent once more.
 */
class ProxyClient implements ProxyControl {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private closed = false;
  private stopped = false;
  private restarting: Promise<unknown> | null = null;

  constructor(
    private readonly paths: ProxyPaths,
    private readonly launch: ProxyLaunch,
    private readonly startTimeoutMs: number,
    private currentPid: number,
    readonly adopted: boolean,
  ) {}

  get pid(): number {
    return this.currentPid;
  }

  async setRoute(spec: RouteSpec): Promise<RouteStatus> {
    const { route } = await this.call({ method: 'PUT', path: '/routes', body: spec, timeoutMs: CALL_TIMEOUT_MS }, routeResultSchema);
    return route;
  }

  async removeRoute(key: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `/routes/${encodeURIComponent(key)}`, timeoutMs: CALL_TIMEOUT_MS }, okSchema);
  }

  async listRoutes(): Promise<RouteStatus[]> {
    const { routes } = await this.call({ method: 'GET', path: '/routes', timeoutMs: CALL_TIMEOUT_MS }, routeListSchema);
    return routes;
  }

  waitDrained(key: string, targetPort: number, timeoutMs: number): Promise<{ drained: boolean; inflight: number }> {
    const wait = Math.max(0, Math.round(timeoutMs));
    return this.call({ method: 'POST', path: '/drain', body: { key, targetPort, timeoutMs: wait }, timeoutMs: wait + CALL_TIMEOUT_MS }, drainResultSchema);
  }

  async shutdown(): Promise<void> {
    this.assertUsable();
    this.stopped = true;
    const pid = this.currentPid;
    try {
      await controlRequest(this.paths.control, { method: 'POST', path: '/shutdown', timeoutMs: 5_000, agent: this.agent }, okSchema);
    } catch (error) {
      if (!(error instanceof ControlUnreachableError)) throw error;
      return; // nothing running
    } finally {
      this.agent.destroy();
    }
    const deadline = Date.now() + 10_000;
    while (processAlive(pid) || (await probeHealth(this.paths.control, 500)) !== null) {
      if (Date.now() > deadline) throw new Error(`the proxy (pid ${String(pid)}) did not stop within 10 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  private assertUsable(): void {
    if (this.closed) throw new Error('this proxy connection was closed; connect again');
    if (this.stopped) throw new Error('the proxy was shut down; connect again to start it');
  }

  private async call<S extends z.ZodType>(req: Omit<ControlRequest, 'agent'>, schema: S): Promise<z.infer<S>> {
    this.assertUsable();
    try {
      return await controlRequest(this.paths.control, { ...req, agent: this.agent }, schema);
    } catch (error) {
      if (!(error instanceof ControlUnreachableError) || error.code === 'ETIMEDOUT') throw error;
    }
    await this.restart();
    this.assertUsable();
    return controlRequest(this.paths.control, { ...req, agent: this.agent }, schema);
  }

  /** The proxy is gone (crashed or killed): start it again; concurrent callers share one start. */
  private async restart(): Promise<void> {
    this.restarting ??= ensureRunning(this.paths, this.launch, this.startTimeoutMs)
      .then(({ health }) => {
        this.currentPid = health.pid;
      })
      .finally(() => {
        this.restarting = null;
      });
    await this.restarting;
  }
}
