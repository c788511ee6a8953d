import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type Docker from 'dockerode';
import { LOCAL_ENGINE, type EngineInput, type EngineState, type EngineUpdate, type EngineView, type HostKey } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { Engine } from './engine';
import { dockerOptions } from './endpoint';
import type { Db } from '../store/db';
import { EngineRepo, type EngineConfig, type EngineRecord } from '../store/engine-repo';
import { readContext, dockerConfigDir, listContexts } from './docker-contexts';
import { parseSshUrl, parseTcpUrl } from './engine-url';
import type { HostKeyVerdict } from './known-hosts';
import { PortForward } from './port-forward';
import { LABEL } from '../deployer/container-spec';
import { SshLink, sshDockerAgent } from './ssh-link';
import { tcpConnect } from './tcp-connect';
import { EngineSocket } from './engine-socket';

/** How an engine is reached once its settings (or its context) are read. */
type Endpoint =
  | { readonly kind: 'tls'; readonly url: string; readonly host: string; readonly port: number; readonly ca: string; readonly cert: string; readonly key: string; readonly publishAddress: string }
  | { readonly kind: 'ssh'; readonly url: string; readonly keyFile: string | null; readonly socket: string }
  | { readonly kind: 'socket'; readonly url: string };

/** Where a stage's instance publishes its container port on its engine's host. */
export interface Publishing {
  readonly hostIp: string;
  /** True: the engine picks the host port (it is on another machine); false: the instance's local port is used. */
  readonly anyPort: boolean;
}

interface Remote {
  readonly record: EngineRecord;
  readonly endpoint: Endpoint | null;
  /** Why the settings cannot be used (a context gone, a bad URL). */
  readonly problem: string | null;
  readonly engine: Engine;
  readonly link: SshLink | null;
  /** The unix socket here that pipes to the engine's API, once something asked for it. */
  socket: Promise<EngineSocket> | null;
  pending: (HostKey & { reason: 'unknown' | 'changed' }) | null;
}

export interface EnginesOptions {
  readonly db: Db;
  /** This machine's engine (DOCKER_HOST or the setting). */
  readonly local: Engine;
  readonly knownHostsFile?: string;
  readonly dockerConfigDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Reachability changes of remote engines (the event log, the window). */
  readonly onChange?: (name: string, state: EngineState) => void;
  readonly intervals?: { up: number; down: number };
  /** Where the unix sockets that stand for remote engines go (for the Compose CLI); default: a folder in the OS temp dir. */
  readonly socketDir?: string;
}

/** Pauses between attempts to re-open a dropped SSH connection. */
const REOPEN_DELAYS_MS = [0, 250, 500, 1_000, 2_000];

const expandHome = (p: string): string => (p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p);
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const anyAddress = (a: string): boolean => a === '0.0.0.0' || a === '::';

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(expandHome(file));
  } catch (error) {
    throw new Error(`The ${what} ${file} cannot be read (${messageOf(error)}): check the path in Settings → Engines.`);
  }
}

/** What the user can do about a remote engine's error. */
export function remoteHint(message: string, endpoint: Endpoint | null): string {
  if (/self[- ]signed certificate|unable to (get local issuer|verify the first) certificate|certificate signature failure/i.test(message)) {
    return `The engine's certificate is not signed by the CA file${endpoint?.kind === 'tls' ? ` ${endpoint.ca}` : ''}: pick the ca.pem that signed the daemon's certificate (the one given to dockerd --tlscacert).`;
  }
  if (/certificate has expired/i.test(message)) return 'A certificate has expired: make new ones and update the engine.';
  if (/Hostname\/IP does not match|altnames/i.test(message)) return "The engine's certificate was made for another name: reach it by a name or IP in its certificate (subjectAltName).";
  if (/bad certificate|certificate required|alert/i.test(message)) return 'The engine refused this machine\'s client certificate: use a cert.pem and key.pem signed by the CA the daemon trusts (--tlscacert).';
  if (/host key/i.test(message)) return 'Check the fingerprint on the host, then accept it in Settings → Engines.';
  if (/ECONNREFUSED/.test(message)) return 'Nothing answers there: check the host and port, and that the daemon (or sshd) listens on them.';
  if (/cannot be read|no Docker context|cannot be used/.test(message)) return 'Fix the engine\'s settings in Settings → Engines.';
  return 'Check the engine\'s address and that it is up; Slipway keeps retrying.';
}

/** A TLS endpoint's (or an https) error in words: the raw one stays in brackets. */
function clearTlsMessage(message: string, endpoint: Endpoint | null): string {
  if (endpoint?.kind !== 'tls') return message;
  if (/self[- ]signed certificate|unable to (get local issuer|verify the first) certificate/i.test(message)) {
    return `Refused: the engine at ${endpoint.url} showed a certificate that the CA ${endpoint.ca} did not sign (${message}).`;
  }
  return message;
}

/**
 * Every engine stages can run on, by name: "local" (this machine), and the added TLS, SSH and
 * context engines, each with its own connection, reachability check and port tunnels.
 */
export class Engines {
  readonly repo: EngineRepo;
  private readonly remotes = new Map<string, Remote>();
  private readonly forwards = new Map<number, { engine: string; forward: PortForward }>();
  private readonly watchers = new Set<(name: string, reachable: boolean) => void>();
  private started = false;

  constructor(private readonly o: EnginesOptions) {
    this.repo = new EngineRepo(o.db);
    for (const r of this.repo.all()) this.remotes.set(r.name, this.build(r));
  }

  get knownHostsFile(): string {
    return this.o.knownHostsFile ?? path.join(os.homedir(), '.ssh', 'known_hosts');
  }

  has(name: string): boolean {
    return name === LOCAL_ENGINE || this.remotes.has(name);
  }

  /** Throws a clear error for an engine that is not there. */
  require(name: string): void {
    if (!this.has(name)) throw new AppError('NOT_FOUND', `There is no engine named "${name}": pick one from Settings → Engines (engines.list), or add it there.`);
  }

  /** The negotiated dockerode client for an engine; ENGINE_UNAVAILABLE while it does not answer. */
  clientFor(name: string = LOCAL_ENGINE): Docker {
    if (name === LOCAL_ENGINE) return this.o.local.docker();
    const r = this.remotes.get(name);
    if (!r) throw new AppError('NOT_FOUND', `There is no engine named "${name}": add it in Settings → Engines, or move the stage to another engine.`);
    if (r.problem !== null) throw new AppError('ENGINE_UNAVAILABLE', `The engine "${name}" cannot be used: ${r.problem}`);
    return r.engine.docker();
  }

  /** Where instances on this engine publish their port. */
  publishing(name: string = LOCAL_ENGINE): Publishing {
    const ep = name === LOCAL_ENGINE ? null : this.remotes.get(name)?.endpoint;
    if (!ep || ep.kind === 'socket') return { hostIp: '127.0.0.1', anyPort: false };
    if (ep.kind === 'ssh') return { hostIp: '127.0.0.1', anyPort: true };
    return { hostIp: ep.publishAddress, anyPort: true };
  }

  /**
   * Makes an instance on a remote engine answer on 127.0.0.1:localPort here (through the SSH
   * connection, or straight to the TLS engine's host). Nothing to do for the local engine. Idempotent.
   */
  async expose(name: string, localPort: number, containerId: string, containerPort?: number): Promise<void> {
    if (!this.publishing(name).anyPort) return;
    const have = this.forwards.get(localPort);
    if (have?.engine === name) return;
    have?.forward.close();
    let remotePort: number | null = null;
    const resolve = async (): Promise<number> => (remotePort ??= await this.publishedPort(name, containerId, containerPort));
    const forward = new PortForward(localPort, async () => {
      try {
        return await this.openTo(name, await resolve());
      } catch (error) {
        // A restarted container may have been given another port: ask once more.
        remotePort = null;
        if ((error as { code?: string }).code !== 'ECONNREFUSED') throw error;
        return this.openTo(name, await resolve());
      }
    });
    await forward.listen();
    this.forwards.set(localPort, { engine: name, forward });
  }

  /** Closes the tunnels of instances that are gone (the reconciler passes the ports still in use). */
  retain(localPorts: ReadonlySet<number>): void {
    for (const [port, f] of this.forwards) {
      if (localPorts.has(port)) continue;
      f.forward.close();
      this.forwards.delete(port);
    }
  }

  /** True while the engine's connection (and so its tunnels) is up; always true for the local one. */
  reachable(name: string): boolean {
    if (name === LOCAL_ENGINE) return this.o.local.status.reachable;
    const r = this.remotes.get(name);
    if (!r) return false;
    return r.link ? r.link.up || r.engine.status.reachable : r.engine.status.reachable;
  }

  /** Tells `fn` whenever an added engine becomes reachable or unreachable. */
  watch(fn: (name: string, reachable: boolean) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /**
   * The endpoint a Docker client on this machine (the Compose CLI) uses for the engine, as DOCKER_HOST:
   * the local one's own, a context's socket as is, else a private unix socket here that pipes each
   * connection to the engine's API (TLS with the engine's certificates; SSH over its connection).
   */
  async cliHost(name: string): Promise<string> {
    if (name === LOCAL_ENGINE) return this.o.local.status.host;
    const r = this.remotes.get(name);
    if (!r) throw new AppError('NOT_FOUND', `There is no engine named "${name}": add it in Settings → Engines, or move the stage to another engine.`);
    if (r.problem !== null || !r.endpoint) throw new AppError('ENGINE_UNAVAILABLE', `The engine "${name}" cannot be used: ${r.problem ?? 'it has no usable settings'}`);
    const ep = r.endpoint;
    if (ep.kind === 'socket') return ep.url;
    const tmp = path.join(os.tmpdir(), `slipway-engines-${String(process.getuid?.() ?? 0)}`);
    // A socket's path is short (104 bytes on macOS): a deep data folder falls back to a private one in the temp dir.
    const dir = this.o.socketDir !== undefined && this.o.socketDir.length <= 80 ? this.o.socketDir : tmp;
    r.socket ??= (async () => {
      // Names may hold characters a path should not, and the temp folder is shared by data folders: a digest of both.
      const id = createHash('sha256').update(`${this.o.socketDir ?? ''}\n${name}`).digest('hex').slice(0, 16);
      const socket = new EngineSocket(path.join(dir, `${id}.sock`), () => this.openApi(r, ep));
      await socket.listen();
      return socket;
    })();
    try {
      return `unix://${(await r.socket).file}`;
    } catch (error) {
      r.socket = null;
      throw new AppError('ENGINE_UNAVAILABLE', `Could not open the local socket for the engine "${name}": ${messageOf(error)}`);
    }
  }

  /** A connection to the engine's Docker API: verified TLS with its certificates, or a channel to its socket over SSH. */
  private openApi(r: Remote, ep: Endpoint): Promise<Duplex> {
    if (ep.kind === 'ssh' && r.link) return r.link.streamLocal(ep.socket);
    if (ep.kind !== 'tls') return Promise.reject(new Error(`"${r.record.name}" is reached through its own socket`));
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: ep.host, port: ep.port, ca: readFile(ep.ca, 'CA certificate'), cert: readFile(ep.cert, 'client certificate'), key: readFile(ep.key, 'client key') });
      s.once('secureConnect', () => resolve(s));
      s.once('error', reject);
    });
  }

  /** Cuts the SSH connection (the next use re-opens it). */
  dropLink(name: string): void {
    this.remotes.get(name)?.link?.drop();
  }

  // ── the Settings → Engines methods ────────────────────────────────────────

  list(): EngineView[] {
    const counts = this.repo.stageCounts();
    const local = this.o.local;
    const localView: EngineView = {
      name: LOCAL_ENGINE,
      kind: 'local',
      url: local.status.host,
      builtIn: true,
      tls: null,
      ssh: null,
      context: null,
      acceptedHostKeys: [],
      hostKeyPending: null,
      stages: counts.get(LOCAL_ENGINE) ?? 0,
      state: { ...local.status, ...local.facts },
    };
    return [localView, ...[...this.remotes.values()].map((r) => this.view(r, counts.get(r.record.name) ?? 0))];
  }

  async add(input: EngineInput): Promise<EngineView> {
    if (this.has(input.name)) throw new AppError('CONFLICT', `An engine named "${input.name}" exists already: pick another name, or change that one.`);
    const config = configOf(input);
    validate(config);
    const record = this.repo.insert(input.name, config);
    const r = this.build(record);
    this.remotes.set(record.name, r);
    if (this.started) void r.engine.start();
    return this.test(record.name);
  }

  async update(patch: EngineUpdate): Promise<EngineView> {
    const r = this.requireRemote(patch.name);
    if (r.record.config.kind !== patch.kind) throw new AppError('INVALID_INPUT', `"${patch.name}" is a ${r.record.config.kind} engine; its kind cannot change. Add a new engine instead.`);
    const config = { ...r.record.config, ...stripUndefined(patch) } as EngineConfig;
    validate(config);
    const sameHost = 'url' in config && 'url' in r.record.config && config.url === r.record.config.url;
    const record = this.repo.update(patch.name, config, sameHost ? r.record.hostKeys : []);
    this.replace(r, record);
    return this.test(record.name);
  }

  remove(name: string): void {
    const r = this.requireRemote(name);
    const stages = this.repo.stageCounts().get(name) ?? 0;
    if (stages > 0) throw new AppError('CONFLICT', `${String(stages)} stage(s) run on "${name}": move or remove them first.`);
    this.dispose(r);
    this.repo.remove(name);
    this.remotes.delete(name);
  }

  async test(name: string): Promise<EngineView> {
    if (name === LOCAL_ENGINE) {
      await this.o.local.checkWithSwarm();
      return this.list()[0] as EngineView;
    }
    const r = this.requireRemote(name);
    if (r.problem === null) await r.engine.checkWithSwarm();
    return this.view(this.remotes.get(name) ?? r, this.repo.stageCounts().get(name) ?? 0);
  }

  async acceptHostKey(name: string, fingerprint: string): Promise<EngineView> {
    const r = this.requireRemote(name);
    const pending = r.pending;
    if (!pending) throw new AppError('CONFLICT', `"${name}" has no host key waiting to be accepted: test the engine first.`);
    if (pending.fingerprint !== fingerprint) {
      throw new AppError('CONFLICT', `The host now offers ${pending.fingerprint}, not ${fingerprint}: check the fingerprint on the host again before accepting.`);
    }
    const keys = [...r.record.hostKeys.filter((k) => k.algorithm !== pending.algorithm), { algorithm: pending.algorithm, fingerprint: pending.fingerprint }];
    const record = this.repo.update(name, r.record.config, keys);
    this.replace(r, record);
    return this.test(name);
  }

  contexts(): ReturnType<typeof listContexts> {
    return listContexts(this.o.dockerConfigDir ?? dockerConfigDir(this.o.env));
  }

  // ── life cycle ────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    this.started = true;
    await Promise.all([...this.remotes.values()].map((r) => (r.problem === null ? r.engine.start() : Promise.resolve())));
  }

  stop(): void {
    this.started = false;
    for (const f of this.forwards.values()) f.forward.close();
    this.forwards.clear();
    for (const r of this.remotes.values()) this.dispose(r);
  }

  // ── inside ────────────────────────────────────────────────────────────────

  private requireRemote(name: string): Remote {
    if (name === LOCAL_ENGINE) throw new AppError('INVALID_INPUT', '"local" is this machine\'s engine: set its endpoint in Settings → Docker engine.');
    const r = this.remotes.get(name);
    if (!r) throw new AppError('NOT_FOUND', `There is no engine named "${name}".`);
    return r;
  }

  private replace(old: Remote, record: EngineRecord): void {
    this.dispose(old);
    const r = this.build(record);
    this.remotes.set(record.name, r);
    if (this.started && r.problem === null) void r.engine.start();
  }

  private dispose(r: Remote): void {
    r.engine.stop();
    r.link?.close();
    void r.socket?.then((s) => s.close(), () => undefined);
    r.socket = null;
    for (const [port, f] of this.forwards) {
      if (f.engine !== r.record.name) continue;
      f.forward.close();
      this.forwards.delete(port);
    }
  }

  private build(record: EngineRecord): Remote {
    let endpoint: Endpoint | null = null;
    let problem: string | null = null;
    try {
      endpoint = this.endpointOf(record.config);
    } catch (error) {
      problem = messageOf(error);
    }
    const remote: Remote = { record, endpoint, problem, engine: null as unknown as Engine, link: null, socket: null, pending: null };
    const link =
      endpoint?.kind === 'ssh'
        ? new SshLink({
            address: parseSshUrl(endpoint.url),
            keyFile: endpoint.keyFile === null ? null : expandHome(endpoint.keyFile),
            knownHostsFile: this.knownHostsFile,
            acceptedKeys: () => (this.remotes.get(record.name) ?? remote).record.hostKeys,
            onUntrustedKey: (v: HostKeyVerdict) => {
              remote.pending = v.verdict === 'unknown' || v.verdict === 'changed' ? { ...v.key, reason: v.verdict } : null;
            },
            // A dropped connection takes the engine (and its tunnels) down at once, and is re-opened at once.
            onState: (up) => {
              if (up || (this.remotes.get(record.name) ?? remote) !== remote) return;
              remote.engine.markUnreachable(`The SSH connection to ${endpoint.url} dropped; Slipway is re-opening it.`);
              if (this.started) void this.reopen(remote);
            },
            ...(this.o.env ? { env: this.o.env } : {}),
          })
        : null;
    const engine = new Engine(endpoint?.url ?? '', this.o.intervals ?? { up: 10_000, down: 5_000 }, {
      optionsFor: () => this.dockerOptionsOf(endpoint, link),
      hint: (message) => remoteHint(message, endpoint),
      probeTimeoutMs: 10_000,
    });
    engine.onChange((s) => {
      this.o.onChange?.(record.name, { ...s, ...engine.facts });
      for (const w of this.watchers) w(record.name, s.reachable);
    });
    return Object.assign(remote, { engine, link });
  }

  /** Tries again soon after a drop (the engine's own check takes over after that). */
  private async reopen(r: Remote): Promise<void> {
    for (const wait of REOPEN_DELAYS_MS) {
      await new Promise((done) => setTimeout(done, wait).unref());
      if (!this.started || this.remotes.get(r.record.name) !== r || r.engine.status.reachable) return;
      if ((await r.engine.check()).reachable) return;
    }
  }

  private endpointOf(config: EngineConfig): Endpoint {
    if (config.kind === 'tls') {
      const a = parseTcpUrl(config.url);
      return { kind: 'tls', url: config.url, host: a.host, port: a.port, ca: config.ca, cert: config.cert, key: config.key, publishAddress: config.publishAddress };
    }
    if (config.kind === 'ssh') {
      parseSshUrl(config.url);
      return { kind: 'ssh', url: config.url, keyFile: config.keyFile, socket: config.socket };
    }
    const ctx = readContext(config.context, this.o.dockerConfigDir ?? dockerConfigDir(this.o.env));
    if (ctx.kind === 'tls') {
      const a = parseTcpUrl(ctx.url);
      return { kind: 'tls', url: ctx.url, host: a.host, port: a.port, ca: ctx.ca, cert: ctx.cert, key: ctx.key, publishAddress: '0.0.0.0' };
    }
    if (ctx.kind === 'ssh') return { kind: 'ssh', url: ctx.url, keyFile: null, socket: config.socket };
    return { kind: 'socket', url: ctx.url };
  }

  private dockerOptionsOf(endpoint: Endpoint | null, link: SshLink | null): Docker.DockerOptions {
    if (!endpoint) throw new Error('the engine has no usable settings');
    if (endpoint.kind === 'tls') {
      return {
        protocol: 'https',
        host: endpoint.host,
        port: endpoint.port,
        ca: readFile(endpoint.ca, 'CA certificate'),
        cert: readFile(endpoint.cert, 'client certificate'),
        key: readFile(endpoint.key, 'client key'),
      };
    }
    if (endpoint.kind === 'ssh' && link) return { protocol: 'http', host: 'docker', port: 80, agent: sshDockerAgent(link, endpoint.socket) } as Docker.DockerOptions;
    return dockerOptions(endpoint.url);
  }

  /** The engine-side port a container port is published on (default: the primary one, as labelled; else the first). */
  private async publishedPort(name: string, containerId: string, containerPort?: number): Promise<number> {
    const info = (await this.clientFor(name).getContainer(containerId).inspect()) as {
      Config?: { Labels?: Record<string, string> | null };
      NetworkSettings?: { Ports?: Record<string, { HostPort?: string }[] | null> };
    };
    const ports = info.NetworkSettings?.Ports ?? {};
    const wanted = containerPort ?? info.Config?.Labels?.[LABEL.port];
    const candidates = wanted !== undefined ? [ports[`${String(wanted)}/tcp`]] : Object.values(ports);
    for (const bindings of candidates) {
      const port = Number(bindings?.[0]?.HostPort ?? NaN);
      if (Number.isInteger(port) && port > 0) return port;
    }
    throw Object.assign(new Error(`container ${containerId.slice(0, 12)} on "${name}" publishes no port (is it running?)`), { code: 'ECONNREFUSED' });
  }

  private openTo(name: string, port: number): Promise<Duplex> {
    const r = this.remotes.get(name);
    if (!r?.link && r?.endpoint?.kind !== 'tls') return Promise.reject(new Error(`"${name}" has no tunnel`));
    return this.dial(name, this.portHost(name), port);
  }

  /**
   * Where ports published on the engine's own host answer, as `dial` sees it: loopback for the
   * local engine and over an SSH engine's connection, the engine's host (or publish address) for TLS.
   */
  portHost(name: string): string {
    const ep = name === LOCAL_ENGINE ? null : this.remotes.get(name)?.endpoint;
    if (ep?.kind !== 'tls') return '127.0.0.1';
    return anyAddress(ep.publishAddress) ? ep.host : ep.publishAddress;
  }

  /** A connection to host:port as the engine's host sees it: through an SSH engine's connection, else straight from here. */
  dial(name: string, host: string, port: number): Promise<Duplex> {
    const link = this.remotes.get(name)?.link;
    return link ? link.forwardOut(host, port) : tcpConnect(host, port);
  }

  private view(r: Remote, stages: number): EngineView {
    const c = r.record.config;
    const s = r.engine.status;
    const state: EngineState =
      r.problem !== null
        ? { reachable: false, version: null, apiVersion: null, os: null, arch: null, swarm: null, error: r.problem, hint: remoteHint(r.problem, null), checkedAt: Date.now() }
        : { ...s, ...r.engine.facts, error: s.error === null ? null : clearTlsMessage(s.error, r.endpoint) };
    return {
      name: r.record.name,
      kind: c.kind,
      url: r.endpoint?.url ?? '',
      builtIn: false,
      tls: c.kind === 'tls' ? { ca: c.ca, cert: c.cert, key: c.key, publishAddress: c.publishAddress } : null,
      ssh: c.kind === 'ssh' ? { keyFile: c.keyFile, socket: c.socket } : r.endpoint?.kind === 'ssh' ? { keyFile: null, socket: r.endpoint.socket } : null,
      context: c.kind === 'context' ? c.context : null,
      acceptedHostKeys: [...r.record.hostKeys],
      hostKeyPending: s.reachable ? null : r.pending,
      stages,
      state,
    };
  }
}

function configOf(input: EngineInput): EngineConfig {
  switch (input.kind) {
    case 'tls':
      return { kind: 'tls', url: input.url, ca: input.ca, cert: input.cert, key: input.key, publishAddress: input.publishAddress };
    case 'ssh':
      return { kind: 'ssh', url: input.url, keyFile: input.keyFile, socket: input.socket };
    case 'context':
      return { kind: 'context', context: input.context, socket: input.socket };
  }
}

/** Checks the URL's form before anything is saved (bad input loses nothing). */
function validate(config: EngineConfig): void {
  try {
    if (config.kind === 'tls') parseTcpUrl(config.url);
    if (config.kind === 'ssh') parseSshUrl(config.url);
  } catch (error) {
    throw new AppError('INVALID_INPUT', messageOf(error));
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
