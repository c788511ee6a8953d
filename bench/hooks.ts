// What outbound hooks cost the code that emits events, and how fast the outbox drains to a local receiver.
// Run: npx tsx bench/hooks.ts [events]
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../main/events/bus';
import { HookService } from '../main/outbound-hooks/hook-service';
import { openStore } from '../main/store/db';
import { EventRepo } from '../main/store/event-repo';

const events = Number(process.argv[2] ?? 2000);

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

function line(label: string, us: number[]): string {
  const s = [...us].sort((a, b) => a - b);
  return `${label.padEnd(36)} p50 ${pct(s, 0.5).toFixed(1).padStart(6)} µs  p99 ${pct(s, 0.99).toFixed(1).padStart(6)} µs  max ${(s.at(-1) ?? NaN).toFixed(0).padStart(6)} µs`;
}

let received = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hook`;

async function run(hooks: number): Promise<{ emit: number[]; drainMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-hooks-'));
  const db = openStore(path.join(dir, 'slipway.db'));
  const bus = new EventBus(new EventRepo(db));
  const service = new HookService(db, bus, { notify: () => undefined }, { version: 'bench' });
  for (let i = 0; i < hooks; i++) service.create({ url });
  service.start();
  const before = received;
  const emit: number[] = [];
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    const t0 = performance.now();
    bus.emit({ type: 'deploy.succeeded', message: `bench ${String(i)}`, projectId: 1, stageId: 1, deployId: i, data: { tag: String(i) } });
    emit.push((performance.now() - t0) * 1000);
    if (i % 50 === 0) await new Promise((r) => setImmediate(r)); // let the dispatcher run alongside, as in the app
  }
  while (received - before < events * hooks) await new Promise((r) => setTimeout(r, 5));
  const drainMs = performance.now() - start;
  await service.stop();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { emit, drainMs };
}

const none = await run(0);
const three = await run(3);
process.stdout.write(`${String(events)} deploy.succeeded events, receiver on loopback\n`);
process.stdout.write(line('bus.emit, no hooks', none.emit) + '\n');
process.stdout.write(line('bus.emit, 3 hooks subscribed', three.emit) + '\n');
process.stdout.write(
  `delivered ${String(events * 3)} signed POSTs in ${three.drainMs.toFixed(0)} ms = ${((events * 3) / (three.drainMs / 1000)).toFixed(0)}/s (2 in flight per hook, 8 overall)\n`,
);
server.close();
server.closeAllConnections();
