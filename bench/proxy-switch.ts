/**
 * Stable-URL proxy figures, in one run on this machine:
 *  - requests/s and p50/p99 latency straight to an upstream vs through the proxy (keep-alive clients);
 *  - failed requests across N target switches under the same load.
 * Usage: npx tsx bench/proxy-switch.ts [--seconds 5] [--concurrency 16] [--switches 50]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectProxy, defaultProxyLaunch, findFreePort } from '../main/proxy';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    switches: { type: 'string', default: '50' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const switches = Number(values.switches);

// Upstreams live in their own process so the load generator does not share a CPU loop with them.
const UPSTREAMS = `
const http = require('http');
const ports = [];
let pending = 2;
for (const name of ['v1', 'v2']) {
  const s = http.createServer((req, res) => { req.resume(); res.end(name); }).listen(0, '127.0.0.1', () => {
    ports.push(s.address().port);
    if (--pending === 0) process.stdout.write(JSON.stringify(ports) + '\\n');
  });
}`;

interface Run {
  readonly requests: number;
  readonly failures: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
  readonly versions: Set<string>;
}

function get(port: number, agent: http.Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(port: number, ms: number, during?: () => Promise<void>): Promise<Run> {
  const latenciesMs: number[] = [];
  const versions = new Set<string>();
  let failures = 0;
  let running = true;
  const started = performance.now();
  const clients = Array.from({ length: concurrency }, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (running) {
      const t0 = performance.now();
      try {
        const r = await get(port, agent);
        if (r.status === 200) {
          latenciesMs.push(performance.now() - t0);
          versions.add(r.body);
        } else failures++;
      } catch {
        failures++;
      }
    }
    agent.destroy();
  });
  if (during) await during();
  else await new Promise((r) => setTimeout(r, ms));
  running = false;
  await Promise.all(clients);
  return { requests: latenciesMs.length, failures, seconds: (performance.now() - started) / 1000, latenciesMs, versions };
}

const ROUNDS = 5;

function merge(runs: readonly Run[]): Run {
  return {
    requests: runs.reduce((n, r) => n + r.requests, 0),
    failures: runs.reduce((n, r) => n + r.failures, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    latenciesMs: runs.flatMap((r) => r.latenciesMs),
    versions: new Set(runs.flatMap((r) => [...r.versions])),
  };
}

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(label: string, run: Run): { label: string; rps: number; p50: number; p99: number } {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  return { label, rps: run.requests / run.seconds, p50: pct(sorted, 50), p99: pct(sorted, 99) };
}

async function main(): Promise<void> {
  const up = spawn(process.execPath, ['-e', UPSTREAMS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [p1, p2] = await new Promise<number[]>((resolve) => up.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as number[])));
  if (p1 === undefined || p2 === undefined) throw new Error('upstreams did not start');
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-bench-proxy-'));
  const proxy = await connectProxy({ stateDir, launch: defaultProxyLaunch() });
  try {
    const publicPort = await findFreePort();
    const spec = { key: 'bench:1', publicPort, mode: 'http' as const, targetPort: p1 };
    await proxy.setRoute(spec);

    process.stdout.write(
      `proxy-switch bench: ${String(concurrency)} keep-alive clients, ${String(seconds)} s per phase (in ${String(ROUNDS)} alternating rounds), ` +
        `node ${process.version}, ${String(os.cpus().length)} CPUs, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'}\n`,
    );
    await load(p1, 1000);
    await load(publicPort, 1000);
    // Alternating short rounds, so a load change on the machine hits both sides alike.
    const directRuns: Run[] = [];
    const proxiedRuns: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      directRuns.push(await load(p1, (seconds * 1000) / ROUNDS));
      proxiedRuns.push(await load(publicPort, (seconds * 1000) / ROUNDS));
    }
    const direct = summary('direct to upstream', merge(directRuns));
    const proxied = summary('through the proxy', merge(proxiedRuns));

    const switchTimes: number[] = [];
    const switching = await load(publicPort, 0, async () => {
      for (let i = 0; i < switches; i++) {
        const t0 = performance.now();
        await proxy.setRoute({ ...spec, targetPort: i % 2 === 0 ? p2 : p1 });
        switchTimes.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 40));
      }
    });
    const during = summary(`proxy, ${String(switches)} switches`, switching);

    const rows = [direct, proxied, during];
    process.stdout.write(`\n${'phase'.padEnd(28)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}\n`);
    for (const r of rows) {
      process.stdout.write(`${r.label.padEnd(28)}${r.rps.toFixed(0).padStart(10)}${r.p50.toFixed(3).padStart(10)}${r.p99.toFixed(3).padStart(10)}\n`);
    }
    const sortedSwitch = [...switchTimes].sort((a, b) => a - b);
    process.stdout.write(
      `\nproxy/direct: throughput ${(proxied.rps / direct.rps).toFixed(2)}x, p50 +${(proxied.p50 - direct.p50).toFixed(3)} ms, p99 +${(proxied.p99 - direct.p99).toFixed(3)} ms\n` +
        `switches: ${String(switches)} under load, ${String(switching.requests)} requests, failed requests: ${String(switching.failures)}, versions seen: ${[...switching.versions].sort().join(', ')}\n` +
        `setRoute round trip (control socket, includes durable routes.json write): p50 ${pct(sortedSwitch, 50).toFixed(2)} ms, max ${(sortedSwitch.at(-1) ?? 0).toFixed(2)} ms\n`,
    );
  } finally {
    await proxy.shutdown();
    up.kill();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
