import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProxyLaunch } from './types';

/**
 * How to start the proxy from wherever this code runs:
 * - from TypeScript sources (vitest, tsx): node with the tsx loader on main/proxy/entry.ts;
 * - from the bundle: `proxy.js` next to the bundled main code (an entry of the main build),
 *   and under Electron the Electron binary acting as plain Node (ELECTRON_RUN_AS_NODE).
 */
export function defaultProxyLaunch(): ProxyLaunch {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    // An absolute loader URL, so the proxy starts the same whatever its working directory.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    return { command: process.execPath, args: ['--import', tsx, path.join(dir, 'entry.ts')] };
  }
  const candidates = [path.join(dir, 'proxy.js'), path.join(dir, '..', 'proxy.js')];
  const entry = candidates.find((p) => fs.existsSync(p)) ?? candidates[0] ?? 'proxy.js';
  const electron = process.versions['electron'] !== undefined;
  return { command: process.execPath, args: [entry], ...(electron ? { env: { ELECTRON_RUN_AS_NODE: '1' } } : {}) };
}

/** Keeps proxy.log from growing without bound across many starts. */
const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Starts the proxy detached from us (own process group, output to the log file, not waited
 * for), so it keeps serving when the app quits or crashes.
 */
export function spawnDetached(launch: ProxyLaunch, stateDir: string, logFile: string): { pid: number | undefined; exited: Promise<number | null> } {
  try {
    if (fs.statSync(logFile).size > MAX_LOG_BYTES) fs.renameSync(logFile, `${logFile}.1`);
  } catch {
    // no log yet
  }
  const fd = fs.openSync(logFile, 'a', 0o600);
  try {
    const child = spawn(launch.command, [...launch.args, '--state-dir', stateDir], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, ...launch.env },
      windowsHide: true,
    });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(null));
    });
    child.unref();
    return { pid: child.pid, exited };
  } finally {
    fs.closeSync(fd);
  }
}
