import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import react from '@vitejs/plugin-react';
import type { Page } from 'playwright-core';
import { build } from 'vite';

export interface RunOptions {
  readonly total: number;
  readonly linesPerSecond: number;
  readonly batchMs: number;
  readonly search: string | null;
}

export interface RunResult {
  readonly lines: number;
  readonly elapsedMs: number;
  readonly linesPerSecond: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly longTaskTotalMs: number;
  readonly longestFrameGapMs: number;
  readonly heapMb: number | null;
  readonly matches: string;
  readonly tasks: readonly (readonly [number, number])[];
}

const root = path.resolve(import.meta.dirname, '..');

/** Builds the benchmark page (renderer/perf/log-view.html: the real log view and feed) into a temp dir. */
export async function buildHarness(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-logview-'));
  await build({
    root: path.join(root, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, rollupOptions: { input: path.join(root, 'renderer', 'perf', 'log-view.html') } },
  });
  return outDir;
}

/** Serves a folder on loopback; returns its origin and a close function. */
export async function serveDir(dir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Opens the page and streams the lines; resolves with what the page measured. */
export async function runLogView(page: Page, origin: string, o: RunOptions): Promise<RunResult> {
  await page.goto(`${origin}/perf/log-view.html`);
  await page.waitForFunction(() => 'slipwayBench' in globalThis);
  return page.evaluate((x) => (globalThis as unknown as { slipwayBench: { run: (y: typeof x) => Promise<RunResult> } }).slipwayBench.run(x), o);
}

export function describeRun(o: RunOptions, r: RunResult): string {
  return [
    `log view: ${String(o.total)} lines offered at ${String(o.linesPerSecond)} lines/s in ${String(o.batchMs)} ms batches${o.search !== null ? `, search "${o.search}" from halfway` : ''}`,
    `  delivered rate        ${String(r.linesPerSecond)} lines/s (${String(r.elapsedMs)} ms)`,
    `  lines held by view    ${String(r.lines)}`,
    `  long tasks (≥50 ms)   ${String(r.longTasks)}, longest ${r.longTasks === 0 ? 'none (every task under 50 ms)' : `${String(r.longestTaskMs)} ms`}, total ${String(r.longTaskTotalMs)} ms`,
    `  long task times       ${JSON.stringify(r.tasks)} (ms into the run, duration)`,
    `  longest frame gap     ${String(r.longestFrameGapMs)} ms (between two animation frames; 16.7 ms is a smooth 60 Hz)`,
    `  search                ${r.matches}`,
    `  JS heap               ${r.heapMb === null ? 'n/a' : `${String(r.heapMb)} MB`}`,
  ].join('\n');
}
