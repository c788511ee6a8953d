// Signed webhook deliveries per second the listener accepts (verified, deduplicated, matched, persisted),
// with p50/p99 latency, next to a bare Node HTTP server answering 200 in the same run. The load comes
// from a separate process (bench/load-client.ts) so client and server each get a core.
// Run: npx tsx bench/webhook.ts [seconds] [connections]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventBus } from '../main/events/bus';
import { createChangeDetection } from '../main/intake/change-detection';
import { createNotifier } from '../main/notify/notifier';
import { startCheckpointer } from '../main/store/checkpointer';
import { openStore } from '../main/store/db';
import { EventRepo } from '../main/store/event-repo';
import { SettingsRepo } from '../main/store/settings-repo';
import { WebhookListener, DEFAULT_RATE_LIMIT } from '../main/inbound-webhook/listener';
import { WebhookSecret } from '../main/inbound-webhook/secret';

const seconds = Number(process.argv[2] ?? 5);
const SECRET = 'bench-github-secret';
const CONNECTIONS = Number(process.argv[3] ?? 32);

interface ClientResult {
  requests: number;
  warmup: number;
  /** Server CPU (this process) per request, µs: what one delivery costs whatever else runs on the machine. */
  cpuUs?: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  p999ms: number;
  maxMs: number;
  /** Share of a core the load client used. */
  clientCore: number;
  statuses: Record<string, number>;
}

// Server on core 0, load client on core 1 (when taskset is there): the two do not trade caches.
const pin = fs.existsSync('/usr/bin/taskset') && os.cpus().length >= 2;
if (pin) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });

function load(config: Record<string, unknown>): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', path.join(import.meta.dirname, 'load-client.ts'), JSON.stringify(config)];
    const child = pin
      ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientResult) : reject(new Error(`load client exited ${String(code)}`))));
  });
}

function fmt(label: string, r: ClientResult): string {
  const statuses = Object.entries(r.statuses).map(([s, c]) => `${s}×${String(c)}`).join(' ');
  const cpu = r.cpuUs === undefined ? '' : `   server CPU ${r.cpuUs.toFixed(0).padStart(3)} µs/req`;
  return `${label.padEnd(56)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50ms.toFixed(2).padStart(6)} ms   p99 ${r.p99ms.toFixed(2).padStart(6)} ms   p99.9 ${r.p999ms.toFixed(2).padStart(6)} ms${cpu}   client ${(100 * r.clientCore).toFixed(0).padStart(2)}% of a core   [${statuses}]`;
}

// The bare server: reads the body, answers 200 with a small JSON.
const bare = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
bare.keepAliveTimeout = 5000;
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${String((bare.address() as AddressInfo).port)}/`;

// For scale: a server that only checks the HMAC and inserts one row per request (no parsing, matching or dedupe).
const refDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-ref-'));
const refDb = openStore(path.join(refDir, 'ref.db'));
refDb.exec('CREATE TABLE IF NOT EXISTS ref (id INTEGER PRIMARY KEY, received_at INTEGER, body BLOB)');
const refInsert = refDb.prepare('INSERT INTO ref(received_at, body) VALUES (?, ?)');
/** A reference server: reads the body and checks its GitHub signature, then hands both over. */
function signedServer(onRequest: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, ok: boolean) => void): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const sig = String(req.headers['x-hub-signature-256'] ?? '').slice(7);
      onRequest(req, res, body, sig.length === 64 && timingSafeEqual(Buffer.from(sig, 'hex'), createHmac('sha256', SECRET).update(body).digest()));
    });
  });
}
const ref = signedServer((_req, res, body, ok) => {
  if (ok) refInsert.run(Date.now(), body);
  res.writeHead(ok ? 202 : 401, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
ref.keepAliveTimeout = 5000;
await new Promise<void>((r) => ref.listen(0, '127.0.0.1', r));
const refUrl = `http://127.0.0.1:${String((ref.address() as AddressInfo).port)}/`;

// The least a verified and persisted delivery can cost here: HMAC check, JSON.parse, and the delivery's
// full row (masked headers, body, events) written by group commit, as Slipway writes it; no vendor
// detection, dedupe or matching.
const batchedDb = openStore(path.join(refDir, 'batched.db'), { backgroundCheckpoints: true });
const batchedCheckpointer = startCheckpointer(path.join(refDir, 'batched.db'));
batchedDb.exec(
  `CREATE TABLE d (id INTEGER PRIMARY KEY AUTOINCREMENT, received_at INTEGER NOT NULL, delivery_id TEXT, verdict TEXT NOT NULL,
     events TEXT NOT NULL, headers TEXT, body BLOB, body_bytes INTEGER NOT NULL)`,
);
const batchedInsert = batchedDb.prepare('INSERT INTO d(received_at, delivery_id, verdict, events, headers, body, body_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)');
let pending: (() => () => void)[] = [];
// Each write returns how to answer; answers go out once the batch is committed.
const commitPending = batchedDb.transaction((writes: (() => () => void)[]) => writes.map((write) => write()));
const batched = signedServer((req, res, body, ok) => {
  const tag = (JSON.parse(body.toString('utf8')) as { package?: { package_version?: { container_metadata?: { tag?: { name?: string; digest?: string } } } } }).package?.package_version?.container_metadata?.tag;
  const events = [{ kind: 'image', repository: 'ghcr.io/acme/web', tag: tag?.name, digest: tag?.digest, matches: [] }];
  const headers = JSON.stringify({ ...req.headers, 'x-hub-signature-256': 'sha256=[masked]' });
  pending.push(() => {
    const id = batchedInsert.run(Date.now(), String(req.headers['x-github-delivery']), ok ? 'accepted' : 'unauthorized', JSON.stringify(events), headers, body, body.length).lastInsertRowid;
    return () => {
      res.writeHead(ok ? 202 : 401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ delivery: Number(id), events }));
    };
  });
  if (pending.length === 1) {
    setImmediate(() => {
      const writes = pending;
      pending = [];
      for (const answer of commitPending(writes)) answer();
    });
  }
});
batched.keepAliveTimeout = 5000;
await new Promise<void>((r) => batched.listen(0, '127.0.0.1', r));
const batchedUrl = `http://127.0.0.1:${String((batched.address() as AddressInfo).port)}/`;

// Slipway's listener and intake, built the way the app builds them, over a fresh store.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-webhook-'));
// As the app opens it: WAL checkpoints in a background thread, not inside a request's commit.
const db = openStore(path.join(dir, 'slipway.db'), { backgroundCheckpoints: true });
const checkpointer = startCheckpointer(path.join(dir, 'slipway.db'));
const settings = new SettingsRepo(db);
settings.update({ autoCreate: false, pollPaused: true });
const bus = new EventBus(new EventRepo(db));
let queued = 0;
const detection = createChangeDetection({
  db,
  bus,
  notifier: createNotifier(bus),
  settings,
  version: 'bench',
  // The deployer's queue: counts what it is handed (its own cost is the deployer's bench).
  deployQueue: () => ({ enqueue: () => ({ id: ++queued }) }),
  createProject: () => null,
});
await detection.handlers['webhook.setSecret']({ kind: 'github', secret: SECRET });
const now = Date.now();
const projectId = Number(
  db
    .prepare(`INSERT INTO projects(name, image, pull_policy, restart_policy, stop_timeout_sec, created_at, updated_at) VALUES ('web', 'ghcr.io/acme/web', 'always', 'unless-stopped', 10, ?, ?)`)
    .run(now, now).lastInsertRowid,
);
const addStage = (name: string, pattern: string, port: number): void => {
  db.prepare(
    `INSERT INTO stages(project_id, name, tag_pattern, auto_deploy, auto_promote, public_port, max_instances, env, poll_enabled, mode, created_at)
     VALUES (?, ?, ?, 1, 0, ?, 1, '{}', 1, 'http', ?)`,
  ).run(projectId, name, pattern, port, now);
};
addStage('prod', 'v*', 41001);
addStage('staging', 'rc-*', 41002);
addStage('dev', 'dev-*', 41003);

const secret = new WebhookSecret(settings);
// The real per-source limiter stays in the path, raised: a single-source flood is exactly what its default (200/s) refuses.
const listener = new WebhookListener(secret, detection.listenerHandlers, { rateLimit: { ...DEFAULT_RATE_LIMIT, perSecond: 1_000_000, burst: 1_000_000 } });
await listener.start('127.0.0.1', 0);
detection.start();
const url = listener.url();

const durationMs = seconds * 1000;
console.log(`webhook bench: ${String(seconds)} s per run, ${String(CONNECTIONS)} keep-alive connections, ${String(os.cpus().length)} cores${pin ? ' (server on core 0, client on core 1)' : ''}, Node ${process.version}`);
console.log('signed = GitHub `package` delivery (~650 B) with X-Hub-Signature-256, a unique delivery id and tag each\n');

const results: [string, ClientResult][] = [];
const run = async (label: string, config: Record<string, unknown>): Promise<ClientResult> => {
  const c0 = process.cpuUsage();
  const r = await load({ connections: CONNECTIONS, durationMs, ...config });
  const cu = process.cpuUsage(c0);
  r.cpuUs = (cu.user + cu.system) / (r.requests + r.warmup);
  results.push([label, r]);
  console.log(fmt(label, r));
  return r;
};

await run('bare Node server, closed loop', { url: bareUrl, mode: 'closed', body: 'plain' });
await run('HMAC check + one INSERT per request, closed loop', { url: refUrl, mode: 'closed', body: 'github', secret: SECRET });
await run('HMAC + parse + full row by group commit, closed loop', { url: batchedUrl, mode: 'closed', body: 'github', secret: SECRET });
const before = (db.prepare("SELECT count(*) AS n FROM deliveries WHERE verdict = 'accepted'").get() as { n: number }).n;
const noMatch = await run('slipway, signed, closed loop (no stage matches)', { url, mode: 'closed', body: 'github', secret: SECRET, tagPrefix: 'build-', idPrefix: 'a' });
const deploying = await run('slipway, signed, closed loop (each queues a deploy)', { url, mode: 'closed', body: 'github', secret: SECRET, tagPrefix: 'dev-', idPrefix: 'b' });
await run('bare Node server, paced 10,000/s', { url: bareUrl, mode: 'paced', rate: 10_000, body: 'plain' });
await run('slipway, signed, paced 10,000/s (no stage matches)', { url, mode: 'paced', rate: 10_000, body: 'github', secret: SECRET, tagPrefix: 'p-', idPrefix: 'c' });
await run('slipway, signed, paced 5,000/s (no stage matches)', { url, mode: 'paced', rate: 5_000, body: 'github', secret: SECRET, tagPrefix: 'q-', idPrefix: 'e' });
await run('slipway, signed, paced 5,000/s (each queues a deploy)', { url, mode: 'paced', rate: 5_000, body: 'github', secret: SECRET, tagPrefix: 'dev-p', idPrefix: 'd' });

// Durability check: every 202 is a committed row.
const accepted = (db.prepare("SELECT count(*) AS n FROM deliveries WHERE verdict = 'accepted'").get() as { n: number }).n - before;
const answered202 = results.filter(([l]) => l.startsWith('slipway')).reduce((n, [, r]) => n + (r.statuses['202'] ?? 0), 0);
const warmupRows = accepted - answered202;
console.log(`\n202 answers: ${String(answered202)}; accepted rows written: ${String(accepted)} (the difference, ${String(warmupRows)}, is the uncounted warm-up)`);
console.log(`deploys queued: ${String(queued)}`);
console.log(`goal ≥ 10,000/s accepted with p99 < 10 ms: closed-loop ${noMatch.perSecond.toFixed(0)}/s and ${deploying.perSecond.toFixed(0)}/s`);

await detection.stop();
await listener.stop();
await new Promise<void>((r) => bare.close(() => r()));
await new Promise<void>((r) => ref.close(() => r()));
await new Promise<void>((r) => batched.close(() => r()));
refDb.close();
await batchedCheckpointer.stop();
batchedDb.close();
fs.rmSync(refDir, { recursive: true, force: true });
await checkpointer.stop();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
