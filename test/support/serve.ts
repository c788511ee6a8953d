import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RuntimeInfo } from '../../main/runtime-file';

export interface ServeHandle {
  readonly runtime: RuntimeInfo;
  readonly dataDir: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Calls the contract over HTTP with the token; returns the parsed Result. */
  call(method: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts the built `slipway serve` (run `npm run build` first) in a temp data dir and waits for runtime.json. */
export async function startServe(opts: { dataDir?: string; env?: NodeJS.ProcessEnv; args?: string[]; timeoutMs?: number } = {}): Promise<ServeHandle> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-e2e-'));
  // A serve that never came up leaves nothing running: its data dir goes if this call made it.
  const fail = (message: string): never => {
    if (opts.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(message);
  };
  const runtimeFile = path.join(dataDir, 'runtime.json');
  fs.rmSync(runtimeFile, { force: true });
  const child = spawn(process.execPath, [path.join(root, 'bin', 'slipway.js'), 'serve', '--data-dir', dataDir, '--port', '0', '--webhook-port', '0', ...(opts.args ?? [])], {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let runtime: RuntimeInfo | null = null;
  while (!runtime) {
    if (child.exitCode !== null) fail(`slipway serve exited with ${String(child.exitCode)}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      fail(`slipway serve did not write runtime.json in time:\n${out}`);
    }
    try {
      const parsed = JSON.parse(fs.readFileSync(runtimeFile, 'utf8')) as RuntimeInfo;
      // runtime.json is written before the banner; the banner reaches the pipe a moment later.
      if (out.includes(parsed.uiUrl)) runtime = parsed;
      else await new Promise((r) => setTimeout(r, 20));
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const info = runtime;
  return {
    runtime: info,
    dataDir,
    process: child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    async call(method, input = {}) {
      const res = await fetch(`${info.apiUrl}/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    },
  };
}
