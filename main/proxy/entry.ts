import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROXY_PROTOCOL_VERSION } from './control-protocol';
import { probeHealth } from './control-client';
import { ControlServer } from './control-server';
import type { Logger } from './listen';
import { proxyPaths } from './paths';
import { acquirePidLock } from './pid-lock';
import { ProxyServer } from './proxy-server';
import { RoutesStore } from './routes-store';

const USAGE = 'usage: slipway proxy --state-dir DIR';
const ORPHAN_CHECK_MS = 3_000;
/** Network errors that can only concern one connection; everything else is a bug worth restarting for. */
const CONNECTION_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

const log: Logger = (line) => {
  process.stdout.write(`${new Date().toISOString()} [proxy ${String(process.pid)}] ${line}\n`);
};

/**
 * The proxy process (`slipway proxy --state-dir DIR`): serves the saved routes, takes changes on
 * the control channel, and runs until SIGTERM/SIGINT or POST /shutdown. Resolves once stopped,
 * with process.exitCode set (0 clean, 1 failure, 2 usage).
 */
export async function runProxy(argv: readonly string[]): Promise<void> {
  process.exitCode = await serveProxy(argv);
}

async function serveProxy(argv: readonly string[]): Promise<number> {
  const stateDir = stateDirArg(argv);
  if (typeof stateDir === 'number') return stateDir;
  const paths = proxyPaths(stateDir);
  fs.mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });

  const lock = await acquirePidLock(paths.pidFile, () => probeHealth(paths.control, 1_000), 5_000);
  if (lock.kind === 'running') {
    log(`another proxy (pid ${String(lock.pid)}) already serves ${paths.stateDir}; leaving it be`);
    return 0;
  }

  const stop = stopRequests();
  let orphanCheck: NodeJS.Timeout | undefined;
  const proxy = new ProxyServer({ store: new RoutesStore(paths.routesFile, log), log });
  const control = controlServer(proxy, paths, stop.request);
  try {
    await proxy.restore();
    // Our pid file is held, so a socket file left here belongs to a dead proxy.
    if (process.platform !== 'win32') fs.rmSync(paths.control, { force: true });
    await control.listen(paths.control);
    log(`ready on ${paths.control}`);
    orphanCheck = setInterval(() => {
      const reason = orphanReason(paths.stateDir, paths.control);
      if (reason === null) return;
      log(`${reason}; nothing can reach this proxy any more: stopping`);
      stop.request();
    }, ORPHAN_CHECK_MS);
    orphanCheck.unref();
    await stop.stopped;
  } catch (error) {
    log(`cannot run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    stop.failed();
  } finally {
    if (orphanCheck) clearInterval(orphanCheck);
    await control.close();
    await proxy.stop(3_000);
    if (process.platform !== 'win32') fs.rmSync(paths.control, { force: true });
    await lock.release();
    stop.dispose();
    log(`stopped (exit ${String(stop.exitCode())})`);
  }
  return stop.exitCode();
}

/** The `--state-dir` argument, or the exit code of a usage error (printed). */
function stateDirArg(argv: readonly string[]): string | number {
  let stateDir: string | undefined;
  try {
    const { values } = parseArgs({ args: [...argv], options: { 'state-dir': { type: 'string' } }, allowPositionals: true });
    stateDir = values['state-dir'];
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (!stateDir) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return stateDir;
}

/** What stops the proxy: SIGTERM, SIGINT, a shutdown request, or an unknown error (exit code 1). */
function stopRequests(): { stopped: Promise<void>; request: () => void; failed: () => void; exitCode: () => number; dispose: () => void } {
  let exitCode = 0;
  let request: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (request = resolve));
  const onSignal = (signal: string) => () => {
    log(`${signal}: stopping`);
    request();
  };
  const onTerm = onSignal('SIGTERM');
  const onInt = onSignal('SIGINT');
  // A proxy must outlive a bad connection: only unknown errors stop it (the app starts a new one).
  const onUncaught = (error: Error): void => {
    const code = (error as NodeJS.ErrnoException).code;
    log(`uncaught: ${error.stack ?? error.message}`);
    if (code !== undefined && CONNECTION_ERRORS.has(code)) return;
    exitCode = 1;
    request();
  };
  process.once('SIGTERM', onTerm).once('SIGINT', onInt).on('uncaughtException', onUncaught);
  return {
    stopped,
    request: () => request(),
    failed: () => (exitCode = 1),
    exitCode: () => exitCode,
    dispose: () => {
      process.removeListener('SIGTERM', onTerm);
      process.removeListener('SIGINT', onInt);
      process.removeListener('uncaughtException', onUncaught);
    },
  };
}

function controlServer(proxy: ProxyServer, paths: ReturnType<typeof proxyPaths>, requestStop: () => void): ControlServer {
  const startedAt = Date.now();
  return new ControlServer({
    proxy,
    log,
    onShutdown: () => {
      log('shutdown requested');
      requestStop();
    },
    health: () => ({ ok: true, service: 'slipway-proxy', protocol: PROXY_PROTOCOL_VERSION, pid: process.pid, stateDir: paths.stateDir, startedAt, routes: proxy.size }),
  });
}

/**
 * A proxy whose state dir or control socket was removed (data dir deleted, or another proxy
 * took over after judging us dead) can never be told to stop or change routes: it must not linger.
 */
function orphanReason(stateDir: string, control: string): string | null {
  if (!fs.existsSync(stateDir)) return `state dir ${stateDir} was removed`;
  if (process.platform !== 'win32' && !fs.existsSync(control)) return `control socket ${control} was removed`;
  return null;
}

function isMainModule(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return fs.realpathSync(script) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  runProxy(process.argv.slice(2)).then(
    () => process.exit(),
    (error: unknown) => {
      log(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
