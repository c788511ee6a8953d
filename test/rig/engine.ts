import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { delimiter, join, resolve } from 'node:path';
import Docker from 'dockerode';
import { dockerOptions } from '../../main/docker/endpoint';
import { withRigLock } from './lock';
import { pruneTestImages } from './prune';
import { REGISTRY_ADDR, RIG_DIR, rigPathsFor, type RigPaths } from './paths';
import { ensureRigTls, tlsListenerArgs } from './tls';
import { leaveRigSwarm } from './swarm';
import { stopRigSsh } from './ssh';
import { readRigState, updateRigState, type RigProcess } from './state';

export interface RigState {
  /** The engine the tests use, e.g. `unix:///tmp/slw/docker.sock`. */
  readonly dockerHost: string;
  /** How images in the loopback registry are named: `localhost:5000`. */
  readonly registry: string;
  /** True when this call started the engine (so the caller owns stopping it). */
  readonly startedEngine: boolean;
  readonly startedRegistry: boolean;
}

const INSTALL_HINT = 'apt-get install -y docker.io docker-registry busybox-static (and run as root)';
const READY_TIMEOUT_MS = 30_000;

/** The engine or registry cannot be had here; `install` says what would fix it. */
export class RigUnavailableError extends Error {
  constructor(
    message: string,
    readonly install: string,
  ) {
    super(message);
    this.name = 'RigUnavailableError';
  }
}

/** Where the rig lives. The default is the shared one; others are for testing the rig's own start and stop paths. */
export interface RigConfig {
  readonly dir: string;
  /** `127.0.0.1:PORT` the registry listens on. */
  readonly registryAddr: string;
  /** Reuse an engine at $DOCKER_HOST when it answers. */
  readonly honourDockerHost: boolean;
  readonly extraDockerdArgs?: readonly string[];
  /** Binaries to run; default: found on PATH (and the sbin directories). */
  readonly dockerdBin?: string;
  readonly registryBin?: string;
  /** How long a started daemon may take to answer. Default 30 s. */
  readonly readyTimeoutMs?: number;
}

export const DEFAULT_RIG: RigConfig = { dir: RIG_DIR, registryAddr: REGISTRY_ADDR, honourDockerHost: true };

class Rig {
  readonly paths: RigPaths;
  readonly dockerHost: string;
  readonly registryName: string;
  readonly readyTimeoutMs: number;
  constructor(readonly config: RigConfig) {
    this.readyTimeoutMs = config.readyTimeoutMs ?? READY_TIMEOUT_MS;
    this.paths = rigPathsFor(config.dir);
    this.dockerHost = `unix://${this.paths.socket}`;
    this.registryName = `localhost:${config.registryAddr.split(':')[1] ?? '5000'}`;
  }
}

/**
 * Makes sure a Docker engine and the loopback registry answer, reusing what is already up:
 * `$DOCKER_HOST`, then the rig socket, else a private dockerd started here. Never starts a second dockerd.
 */
export async function ensureEngine(config: RigConfig = DEFAULT_RIG): Promise<RigState> {
  const rig = new Rig(config);
  mkdirSync(rig.paths.dir, { recursive: true });
  return withRigLock(rig.paths, async () => {
    const engine = await ensureDockerd(rig);
    const startedRegistry = await ensureRegistry(rig);
    return { dockerHost: engine.dockerHost, registry: rig.registryName, startedEngine: engine.started, startedRegistry };
  });
}

/** Only the loopback registry (for an engine that is already there, e.g. the demo's): reused, else started. */
export async function ensureLoopbackRegistry(config: RigConfig = DEFAULT_RIG): Promise<{ registry: string; started: boolean }> {
  const rig = new Rig(config);
  mkdirSync(rig.paths.dir, { recursive: true });
  return withRigLock(rig.paths, async () => ({ registry: rig.registryName, started: await ensureRegistry(rig) }));
}

/**
 * Stops what the rig started: everything recorded in the state file, or only the parts `only` says it started.
 * A registry it stops loses its storage, an engine it stops loses the test images first (`prune.ts`).
 */
export async function stopRig(
  only?: Pick<RigState, 'startedEngine' | 'startedRegistry'>,
  config: RigConfig = DEFAULT_RIG,
): Promise<{ stoppedEngine: boolean; stoppedRegistry: boolean }> {
  const rig = new Rig(config);
  if (!existsSync(rig.paths.dir)) return { stoppedEngine: false, stoppedRegistry: false };
  return withRigLock(rig.paths, async () => {
    const state = readRigState(rig.paths);
    // The SSH server for engines reached over SSH, started by the tests that need it.
    if (rig.config.dir === RIG_DIR) stopRigSsh(rig.config.dir);
    let stoppedRegistry = false;
    let stoppedEngine = false;
    // Registry first: it holds no containers and stops at once.
    if (state.registry && (only?.startedRegistry ?? true)) {
      stoppedRegistry = await stopProcess(state.registry, 'docker-registry', 5_000);
      updateRigState(rig.paths, (s) => ({ ...s, registry: undefined }));
    }
    if (stoppedRegistry) {
      // The registry's storage holds only what tests pushed: without this it grows run after run.
      rmSync(rig.paths.registryRoot, { recursive: true, force: true });
    }
    // The swarm the rig made goes with the engine (or with `rig down`), never while another run uses it.
    if (only?.startedEngine ?? true) await leaveRigSwarm(rig.paths).catch(() => undefined);
    if (state.engine && (only?.startedEngine ?? true)) {
      // Test images fill the vfs data root run after run; drop them while the engine still answers.
      if (await pingEngine(state.engine.dockerHost)) {
        await pruneTestImages(new Docker(dockerOptions(state.engine.dockerHost)), `${rig.registryName}/`).catch(() => undefined);
      }
      // dockerd stops its containers on SIGTERM; give it time to do so cleanly.
      stoppedEngine = await stopProcess(state.engine, 'dockerd', 30_000);
      updateRigState(rig.paths, (s) => ({ ...s, engine: undefined }));
    }
    return { stoppedEngine, stoppedRegistry };
  });
}

/**
 * Records an engine and registry that answer at the rig's socket and address, but were started by hand
 * (as the team brief allows before the rig existed), as started by the rig, so that `stopRig()` and
 * `cli.ts down` stop them. Only processes whose command line proves they are the rig's are adopted.
 */
export async function adoptRunning(config: RigConfig = DEFAULT_RIG): Promise<{ engine: number | null; registry: number | null }> {
  const rig = new Rig(config);
  mkdirSync(rig.paths.dir, { recursive: true });
  return withRigLock(rig.paths, async () => {
    const state = readRigState(rig.paths);
    let engine = state.engine?.pid ?? null;
    let registry = state.registry?.pid ?? null;
    const enginePid = readPidFile(rig.paths.pidFile);
    if (engine === null && enginePid !== null && isAlive(enginePid, rig.paths.socket) && (await pingEngine(rig.dockerHost))) {
      engine = enginePid;
      updateRigState(rig.paths, (s) => ({ ...s, engine: { pid: enginePid, startedAt: new Date().toISOString(), adopted: true, dockerHost: rig.dockerHost } }));
    }
    const registryPid = registry === null && (await pingRegistry(config.registryAddr)) ? findRegistryProcess(config.registryAddr) : null;
    if (registryPid !== null) {
      registry = registryPid;
      updateRigState(rig.paths, (s) => ({ ...s, registry: { pid: registryPid, startedAt: new Date().toISOString(), adopted: true } }));
    }
    return { engine, registry };
  });
}

/** The docker-registry process whose config file listens on `addr`, if exactly one does. */
function findRegistryProcess(addr: string): number | null {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  for (const entry of entries) {
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv[0]?.endsWith('docker-registry') || argv[1] !== 'serve' || !argv[2]) continue;
      const configPath = resolve(readlinkSync(`/proc/${entry}/cwd`), argv[2]);
      if (readFileSync(configPath, 'utf8').includes(addr)) found.push(Number(entry));
    } catch {
      // the process ended or is not ours to read
    }
  }
  return found.length === 1 ? (found[0] ?? null) : null;
}

export interface RigStatus {
  readonly engine: { readonly dockerHost: string; readonly answering: boolean; readonly startedByRig: boolean; readonly pid: number | null };
  readonly registry: { readonly address: string; readonly answering: boolean; readonly startedByRig: boolean; readonly pid: number | null };
}

export async function rigStatus(config: RigConfig = DEFAULT_RIG): Promise<RigStatus> {
  const rig = new Rig(config);
  const state = readRigState(rig.paths);
  const envHost = config.honourDockerHost ? process.env['DOCKER_HOST'] : undefined;
  const dockerHost = envHost && (await pingEngine(envHost)) ? envHost : rig.dockerHost;
  return {
    engine: {
      dockerHost,
      answering: await pingEngine(dockerHost),
      startedByRig: Boolean(state.engine && isAlive(state.engine.pid, 'dockerd')),
      pid: state.engine?.pid ?? null,
    },
    registry: {
      address: config.registryAddr,
      answering: await pingRegistry(config.registryAddr),
      startedByRig: Boolean(state.registry && isAlive(state.registry.pid, 'docker-registry')),
      pid: state.registry?.pid ?? null,
    },
  };
}

/** True when the engine at `host` answers `GET /_ping` with OK. */
export function pingEngine(host: string, timeoutMs = 1_500): Promise<boolean> {
  let options;
  try {
    options = dockerOptions(host);
  } catch {
    return Promise.resolve(false);
  }
  const target = options.socketPath ? { socketPath: options.socketPath } : { host: options.host, port: options.port };
  if (options.protocol === 'https') return Promise.resolve(false); // TLS engines need certificates the rig does not have
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && body.trim() === 'OK'));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** True when the loopback registry answers the v2 API root. */
export async function pingRegistry(addr: string = REGISTRY_ADDR, timeoutMs = 1_500): Promise<boolean> {
  try {
    const res = await fetch(`http://${addr}/v2/`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function ensureDockerd(rig: Rig): Promise<{ dockerHost: string; started: boolean }> {
  const { paths } = rig;
  const envHost = rig.config.honourDockerHost ? process.env['DOCKER_HOST'] : undefined;
  if (envHost && (await pingEngine(envHost))) return { dockerHost: envHost, started: false };
  if (await pingEngine(rig.dockerHost)) return { dockerHost: rig.dockerHost, started: false };
  if (envHost) process.stderr.write(`test rig: DOCKER_HOST=${envHost} does not answer; using ${rig.dockerHost} instead\n`);

  // A dockerd from an earlier run may still be starting up: wait for it rather than start a second one.
  const previous = readPidFile(paths.pidFile);
  if (previous !== null && isAlive(previous, 'dockerd')) {
    await waitUntil(() => pingEngine(rig.dockerHost), rig.readyTimeoutMs, () => null, paths.engineLog, `dockerd (already running, pid ${previous})`);
    return { dockerHost: rig.dockerHost, started: false };
  }

  // Not running as root is left to dockerd to report: its own message lands in the error's log tail.
  const bin = rig.config.dockerdBin ?? findBinary('dockerd');
  if (!bin) throw new RigUnavailableError('dockerd is not installed', INSTALL_HINT);
  for (const dir of [paths.dataRoot, paths.execRoot]) mkdirSync(dir, { recursive: true });
  // The shared rig's engine also listens over verified TLS, for the remote-engine tests.
  const tls = rig.config.dir === RIG_DIR ? tlsListenerArgs(ensureRigTls(rig.config.dir)) : [];
  const args = ['--data-root', paths.dataRoot, '--exec-root', paths.execRoot, '--pidfile', paths.pidFile, '-H', rig.dockerHost, ...tls, '--storage-driver=vfs', ...(rig.config.extraDockerdArgs ?? [])];
  const child = startDetached(bin, args, paths.engineLog);
  const engine = { pid: child.pid, startedAt: new Date().toISOString(), dockerHost: rig.dockerHost };
  updateRigState(paths, (s) => ({ ...s, engine }));
  try {
    await waitUntil(() => pingEngine(rig.dockerHost), rig.readyTimeoutMs, child.exited, paths.engineLog, 'dockerd');
  } catch (error) {
    // A daemon that never became ready must not linger: a later run would wait on it instead of starting one.
    await stopProcess(engine, 'dockerd', 10_000);
    updateRigState(paths, (s) => ({ ...s, engine: undefined }));
    throw error;
  }
  return { dockerHost: rig.dockerHost, started: true };
}

async function ensureRegistry(rig: Rig): Promise<boolean> {
  const { paths, config } = rig;
  if (await pingRegistry(config.registryAddr)) return false;
  const bin = config.registryBin ?? findBinary('docker-registry');
  if (!bin) throw new RigUnavailableError('docker-registry is not installed', INSTALL_HINT);
  mkdirSync(paths.registryRoot, { recursive: true });
  if (!existsSync(paths.registryConfig)) writeFileSync(paths.registryConfig, registryConfig(paths.registryRoot, config.registryAddr));
  const child = startDetached(bin, ['serve', paths.registryConfig], paths.registryLog);
  const registry = { pid: child.pid, startedAt: new Date().toISOString() };
  updateRigState(paths, (s) => ({ ...s, registry }));
  try {
    await waitUntil(() => pingRegistry(config.registryAddr), rig.readyTimeoutMs, child.exited, paths.registryLog, 'docker-registry');
  } catch (error) {
    await stopProcess(registry, 'docker-registry', 5_000);
    updateRigState(paths, (s) => ({ ...s, registry: undefined }));
    throw error;
  }
  return true;
}

function registryConfig(root: string, addr: string): string {
  return ['version: 0.1', 'log: { level: warn }', `storage: { filesystem: { rootdirectory: ${root} }, delete: { enabled: true } }`, `http: { addr: ${addr} }`, ''].join('\n');
}

interface Started {
  readonly pid: number;
  /** The exit code once the process has ended, else null. */
  readonly exited: () => number | null;
}

/** Starts a daemon in its own process group so it outlives this process (teammates and later runs reuse it). */
function startDetached(bin: string, args: readonly string[], logPath: string): Started {
  const log = openSync(logPath, 'a');
  try {
    const child = spawn(bin, args, { detached: true, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new RigUnavailableError(`${bin} could not be started`, INSTALL_HINT);
    let code: number | null = null;
    child.on('exit', (c, signal) => (code = c ?? (signal ? 128 : 1)));
    child.on('error', () => (code = 127));
    child.unref();
    return { pid: child.pid, exited: () => code };
  } finally {
    closeSync(log);
  }
}

async function waitUntil(ready: () => Promise<boolean>, timeoutMs: number, exited: () => number | null, logPath: string, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    const code = exited();
    if (code !== null) throw new RigUnavailableError(`${what} exited with code ${code} while starting.\n--- ${logPath} (tail) ---\n${logTail(logPath)}`, INSTALL_HINT);
    await sleep(100);
  }
  throw new RigUnavailableError(`${what} did not answer within ${timeoutMs / 1000} s.\n--- ${logPath} (tail) ---\n${logTail(logPath)}`, INSTALL_HINT);
}

async function stopProcess(proc: RigProcess, name: string, timeoutMs: number): Promise<boolean> {
  // The pid may have been reused by an unrelated process since; only signal the one we started.
  if (!isAlive(proc.pid, name)) return false;
  process.kill(proc.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(proc.pid, name)) return true;
    await sleep(100);
  }
  process.kill(proc.pid, 'SIGKILL');
  return true;
}

/** Whether `pid` is a live process whose command line mentions `name` (guards against reused pids). */
export function isAlive(pid: number, name: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // A zombie (state Z) has ended; only its parent has not reaped it yet.
    const stateField = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return cmdline.includes(name) && stateField !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust the signal check
  }
}

function readPidFile(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function findBinary(name: string): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export function logTail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
