import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../main/app';
import type { MethodInput, MethodName, MethodOutput } from '../../preload/contract';

export interface Received {
  readonly at: number;
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type Answer = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | 'hang';

/** A real HTTP receiver on 127.0.0.1 that records every request and answers as `respond` says. */
export class Receiver {
  readonly received: Received[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private server: http.Server | null = null;
  private readonly hanging = new Set<http.ServerResponse>();

  constructor(public respond: (n: number, req: Received) => Answer = () => ({ status: 200, body: 'ok' })) {}

  get url(): string {
    const port = (this.server?.address() as AddressInfo | null)?.port ?? 0;
    return `http://127.0.0.1:${String(port)}/hook`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { at: performance.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.received.push(r);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        const answer = this.respond(this.received.length, r);
        const done = (): void => {
          this.inFlight--;
        };
        if (answer === 'hang') {
          this.hanging.add(res);
          res.on('close', done);
          return;
        }
        setTimeout(() => {
          res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
          res.end(answer.body ?? '');
          done();
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startApp(dataDir: string, extra: Partial<AppOptions> = {}): Promise<App> {
  const app = createApp({ dataDir, mode: 'headless', version: '0.0.0-test', webhookPort: 0, ...extra });
  await app.start();
  return app;
}

/** Stops the app and the stable-URL proxy it started (the proxy outlives the app by design). */
export async function stopApp(app: App): Promise<void> {
  const proxy = app.deployments.proxy();
  await app.stop();
  await proxy?.shutdown().catch(() => undefined);
}

/** Calls a contract method through the real dispatcher; throws on an error answer. */
export async function call<M extends MethodName>(app: App, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
