import Docker from 'dockerode';
import type { EngineStatus } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { dockerOptions } from './endpoint';

/** Newest Engine API version Slipway speaks; an older engine is spoken to in its own version. */
const MAX_API_VERSION = '1.47';

const versionSchema = (v: unknown): { Version: string; ApiVersion: string; Os: string | null; Arch: string | null } | null => {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const str = (k: string): string | null => (typeof r[k] === 'string' ? r[k] : null);
  return typeof r['Version'] === 'string' && typeof r['ApiVersion'] === 'string' ? { Version: r['Version'], ApiVersion: r['ApiVersion'], Os: str('Os'), Arch: str('Arch') } : null;
};

/** What the engine said about itself beyond its version: OS/arch, and its swarm state when asked. */
export interface EngineFacts {
  readonly os: string | null;
  readonly arch: string | null;
  readonly swarm: string | null;
}

export interface EngineOptions {
  /** dockerode options for the endpoint (remote engines add certificates or an SSH agent). */
  readonly optionsFor?: (host: string) => Docker.DockerOptions;
  /** What the user can do about an error. */
  readonly hint?: (message: string, host: string) => string;
  /** How long a check waits for /version (a remote engine's includes opening its SSH connection). */
  readonly probeTimeoutMs?: number;
}

export function compareApiVersions(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/**
 * The Docker connection. Checks the engine in the background (fast while it is down),
 * negotiates the API version on every (re)connect, and tells listeners when the state changes.
 */
export class Engine {
  private client: Docker | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly listeners = new Set<(s: EngineStatus) => void>();
  private current: EngineStatus;
  private currentFacts: EngineFacts = { os: null, arch: null, swarm: null };

  constructor(
    private host: string,
    private readonly intervals = { up: 10_000, down: 2_000 },
    private readonly options: EngineOptions = {},
  ) {
    this.current = { reachable: false, host, version: null, apiVersion: null, error: 'not checked yet', hint: null, checkedAt: 0 };
  }

  get status(): EngineStatus {
    return this.current;
  }

  get facts(): EngineFacts {
    return this.currentFacts;
  }

  /** Checks now and asks for the swarm state too (engines.test). */
  async checkWithSwarm(): Promise<EngineStatus> {
    const status = await this.check();
    if (status.reachable && this.client) {
      try {
        const info = (await this.client.info()) as { Swarm?: { LocalNodeState?: unknown } };
        const swarm = info.Swarm?.LocalNodeState;
        this.currentFacts = { ...this.currentFacts, swarm: typeof swarm === 'string' && swarm !== '' ? swarm : null };
      } catch {
        this.currentFacts = { ...this.currentFacts, swarm: null };
      }
    }
    return status;
  }

  /** The negotiated client; fails with a user-facing error while the engine is unreachable. */
  docker(): Docker {
    if (!this.client || !this.current.reachable) {
      throw new AppError('ENGINE_UNAVAILABLE', `The Docker engine at ${this.host} is not answering. ${this.current.hint ?? 'Start Docker and try again.'}`);
    }
    return this.client;
  }

  onChange(listener: (s: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.check();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async setHost(host: string): Promise<EngineStatus> {
    this.host = host;
    this.client = null;
    return this.check();
  }

  async check(): Promise<EngineStatus> {
    this.set(await this.probe());
    return this.current;
  }

  /** The connection is known to be gone (its transport closed): unreachable now, not at the next check. */
  markUnreachable(message: string): void {
    if (!this.current.reachable) return;
    this.set({ ...this.current, reachable: false, error: message, hint: (this.options.hint ?? hintFor)(message, this.host), checkedAt: Date.now() });
  }

  private set(next: EngineStatus): void {
    const changed = next.reachable !== this.current.reachable || next.version !== this.current.version || next.host !== this.current.host;
    this.current = next;
    if (changed) for (const l of this.listeners) l(next);
  }

  private schedule(): void {
    if (this.stopped) return;
    const wait = this.current.reachable ? this.intervals.up : this.intervals.down;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private async probe(): Promise<EngineStatus> {
    const checkedAt = Date.now();
    const host = this.host;
    try {
      const options = (this.options.optionsFor ?? dockerOptions)(host);
      const probe = new Docker({ ...options, timeout: this.options.probeTimeoutMs ?? 3000 });
      const info = versionSchema(await probe.version());
      if (!info) throw new Error('the engine answered /version with an unexpected shape');
      this.currentFacts = { ...this.currentFacts, os: info.Os, arch: info.Arch };
      const apiVersion = compareApiVersions(info.ApiVersion, MAX_API_VERSION) < 0 ? info.ApiVersion : MAX_API_VERSION;
      if (!this.client || this.current.apiVersion !== apiVersion) this.client = new Docker({ ...options, version: `v${apiVersion}` });
      return { reachable: true, host, version: info.Version, apiVersion, error: null, hint: null, checkedAt };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { reachable: false, host, version: null, apiVersion: null, error: message, hint: (this.options.hint ?? hintFor)(message, host), checkedAt };
    }
  }
}

function hintFor(message: string, host: string): string {
  if (/EACCES/.test(message)) return `Slipway may not use ${host}: add your user to the "docker" group, then log out and in again.`;
  if (/ENOENT|ECONNREFUSED/.test(message)) return 'Start Docker (Docker Desktop, or `sudo systemctl start docker`). Slipway reconnects by itself.';
  if (/not understood|not a URL/.test(message)) return 'Fix the Docker endpoint in Settings → Docker engine.';
  return 'Check that Docker is running and that the endpoint in Settings → Docker engine is right. Slipway keeps retrying.';
}
