/**
 * Renderer benchmark: streams 1,000,000 log lines into the real log view at a set rate (default
 * 50,000 lines/s) in headless Chromium and prints the longest main-thread task (long-task entries).
 *
 *   npx tsx bench/log-view.ts [--lines 1000000] [--rate 50000] [--batch-ms 50] [--search ERROR|none] [--runs 1]
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { buildHarness, describeRun, runLogView, serveDir, type RunOptions } from './log-view-support';

function options(argv: readonly string[]): RunOptions & { runs: number } {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const search = get('search') ?? 'ERROR';
  return {
    total: Number(get('lines') ?? 1_000_000),
    linesPerSecond: Number(get('rate') ?? 50_000),
    batchMs: Number(get('batch-ms') ?? 50),
    search: search === 'none' ? null : search,
    runs: Number(get('runs') ?? 1),
  };
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const dir = await buildHarness();
  const server = await serveDir(dir);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
  });
  try {
    for (let run = 1; run <= o.runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const r = await runLogView(page, server.origin, o);
      process.stdout.write(`${o.runs > 1 ? `run ${String(run)}: ` : ''}${describeRun(o, r)}\n${errors.length > 0 ? `  page errors: ${errors.join('; ')}\n` : ''}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
