import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { createApp, type App } from '../../main/app';
import { removeInstallContainers, shutdownProxy } from '../support/cleanup-install';
import type { MethodInput, MethodName, MethodOutput } from '../../preload/contract';

/** Repositories of the deployer's tests (their own namespace, so parallel suites do not collide). */
export const IT_REPO = 'localhost:5000/it-deploy/web';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startApp(dataDir: string): Promise<App> {
  const app = createApp({ dataDir, mode: 'headless', version: '0.0.0-test', webhookPort: 0 });
  await app.start();
  return app;
}

/** Calls a contract method through the real dispatcher; throws on an error answer. */
export async function call<M extends MethodName>(app: App, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

/** Calls a method expected to fail; answers the error. */
export async function callError(app: App, method: MethodName, input: unknown): Promise<{ code: string; message: string }> {
  const r = await app.dispatch(method, input);
  if (r.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
  return r.error;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether the engine has the image (by tag, digest or id); other errors are thrown. */
export function imagePresent(docker: Docker, ref: string): Promise<boolean> {
  return docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      (e: unknown) => {
        if ((e as { statusCode?: number }).statusCode === 404) return false;
        throw e;
      },
    );
}

/** One GET on a keep-alive agent: the body, or the error. */
export function get(url: string, agent?: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: agent ?? false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

export interface Load {
  readonly ok: number;
  readonly failures: { readonly at: number; readonly what: string }[];
  /** Distinct answers in the order first seen. */
  readonly versions: string[];
  stop(): Promise<void>;
}

/**
 * Continuous requests to a stable URL over keep-alive connections (`workers` in parallel).
 * Anything but a 200 counts as a failure.
 */
export function keepAliveLoad(url: string, workers = 4): Load {
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  let running = true;
  const state = { ok: 0, failures: [] as { at: number; what: string }[], versions: [] as string[] };
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const r = await get(url, agent);
        if (r.status !== 200) state.failures.push({ at: Date.now(), what: `${String(r.status)} ${r.body.slice(0, 120)}` });
        else {
          state.ok++;
          const v = r.body.trim();
          if (state.versions.at(-1) !== v && !state.versions.includes(v)) state.versions.push(v);
        }
      } catch (error) {
        state.failures.push({ at: Date.now(), what: error instanceof Error ? error.message : String(error) });
      }
    }
  });
  return {
    get ok() {
      return state.ok;
    },
    failures: state.failures,
    versions: state.versions,
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

// Cleanup helpers live with the rest of the tests' cleanup.
export { installContainers, removeInstallContainers, shutdownProxy } from '../support/cleanup-install';

/** Stops an app, its proxy and every container of its installation: a file's afterAll. */
export async function stopAppAndCleanUp(app: App, dataDir: string, docker: Docker): Promise<void> {
  const installId = app.deployments.installId;
  await app.stop();
  await shutdownProxy(dataDir);
  await removeInstallContainers(docker, installId);
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'deploy-crash-child.ts');

/** Runs the app in a child that kills itself (SIGKILL) at `point` of a deploy of `tag`. */
export function crashingDeploy(dataDir: string, stageId: number, tag: string, point: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, String(stageId), tag], {
      env: { ...process.env, SLIPWAY_CRASH_AT: point },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}
