// HTTP load generator for bench/webhook.ts, run in its own process so that client and server each
// have a core. Config arrives as JSON in argv[2]; the result is one JSON line on stdout.
import { createHmac, randomUUID } from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';

const ConfigSchema = z.object({
  url: z.string(),
  /** closed: `connections` requests in flight back to back; paced: `rate` requests per second on a schedule. */
  mode: z.enum(['closed', 'paced']),
  connections: z.number().int().positive(),
  durationMs: z.number().int().positive(),
  rate: z.number().positive().default(10_000),
  /** Body kind: a signed GitHub package delivery (unique id and tag each), or a fixed small JSON. */
  body: z.enum(['github', 'plain', 'get']),
  /** `get`: the paths requested in turn (default: the URL's path). */
  paths: z.array(z.string()).default([]),
  secret: z.string().default(''),
  owner: z.string().default('acme'),
  name: z.string().default('web'),
  tagPrefix: z.string().default('b'),
  idPrefix: z.string().default('bench'),
  // Long enough for the server's code to be compiled by the optimising tier: steady state is what is measured.
  warmupMs: z.number().int().nonnegative().default(2000),
});
type Config = z.infer<typeof ConfigSchema>;

const cfg: Config = ConfigSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const target = new URL(cfg.url);
let n = 0;

/**
 * A keep-alive HTTP/1.1 connection over a raw socket with a minimal response reader (status line,
 * Content-Length or chunked). node:http's client costs more CPU than the servers it would measure.
 */
class Conn {
  private readonly sock: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((status: number) => void) | null = null;
  readonly ready: Promise<void>;

  constructor() {
    this.sock = net.connect(Number(target.port), target.hostname);
    this.sock.setNoDelay(true);
    this.ready = new Promise((resolve, reject) => {
      this.sock.once('connect', () => resolve());
      this.sock.once('error', reject);
    });
    this.sock.on('data', (d: Buffer) => this.onData(d));
    this.sock.on('error', () => this.fail());
    this.sock.on('close', () => this.fail());
  }

  send(bytes: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.sock.write(bytes);
    });
  }

  close(): void {
    this.sock.destroy();
  }

  private fail(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.(-1);
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    const end = this.buf.indexOf('\r\n\r\n');
    if (end === -1) return;
    const head = this.buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let total: number;
    if (cl) {
      total = end + 4 + Number(cl[1]);
    } else {
      const last = this.buf.indexOf('0\r\n\r\n', end + 4);
      if (last === -1) return;
      total = last + 5;
    }
    if (this.buf.length < total) return;
    this.buf = this.buf.subarray(total);
    const w = this.waiting;
    this.waiting = null;
    w?.(status);
  }
}

const getRequests = (cfg.paths.length > 0 ? cfg.paths : [target.pathname]).map((p) => Buffer.from(`GET ${p} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`, 'latin1'));

function encode(headers: Record<string, string>, body: Buffer): Buffer {
  if (cfg.body === 'get') return getRequests[n % getRequests.length]!;
  let head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  head += `Content-Length: ${String(body.length)}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const pool: Conn[] = [];
const idle: Conn[] = [];
const queued: ((c: Conn) => void)[] = [];

function acquire(): Promise<Conn> {
  const c = idle.pop();
  if (c) return Promise.resolve(c);
  return new Promise((resolve) => queued.push(resolve));
}

function releaseConn(c: Conn): void {
  const next = queued.shift();
  if (next) next(c);
  else idle.push(c);
}

function nextRequest(): { headers: Record<string, string>; body: Buffer } {
  n++;
  if (cfg.body === 'get') return { headers: {}, body: Buffer.alloc(0) };
  if (cfg.body === 'plain') return { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"ok":true}') };
  const tag = `${cfg.tagPrefix}${String(n)}`;
  const digest = `sha256:${createHmac('sha256', 'd').update(String(n)).digest('hex')}`;
  const body = Buffer.from(
    JSON.stringify({
      action: 'published',
      package: {
        id: 1,
        name: cfg.name,
        namespace: cfg.owner,
        ecosystem: 'CONTAINER',
        package_type: 'CONTAINER',
        owner: { login: cfg.owner, type: 'Organization' },
        package_version: {
          version: digest,
          name: digest,
          package_url: `ghcr.io/${cfg.owner}/${cfg.name}:${tag}`,
          container_metadata: { tag: { name: tag, digest } },
        },
      },
      sender: { login: 'ci' },
    }),
  );
  return {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/bench',
      'x-github-event': 'package',
      // A random id, as GitHub sends (a GUID): repeats are looked up by it, so its order matters.
      'x-github-delivery': `${cfg.idPrefix}-${randomUUID()}`,
      'x-hub-signature-256': `sha256=${createHmac('sha256', cfg.secret).update(body).digest('hex')}`,
    },
    body,
  };
}

async function once(): Promise<number> {
  const { headers, body } = nextRequest();
  const bytes = encode(headers, body);
  const c = await acquire();
  try {
    return await c.send(bytes);
  } finally {
    releaseConn(c);
  }
}

interface Tally {
  latUs: number[];
  statuses: Map<number, number>;
}

function record(t: Tally, status: number, us: number): void {
  t.latUs.push(us);
  t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1);
}

async function closed(t: Tally, until: number): Promise<void> {
  await Promise.all(
    Array.from({ length: cfg.connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const status = await once();
        record(t, status, (performance.now() - t0) * 1000);
      }
    }),
  );
}

/**
 * Open loop: requests go out on a schedule whatever the answers do, and latency counts from when a
 * request was due, so a stalled server cannot hide its queue. Ticks every millisecond (no busy wait:
 * the server needs the other core).
 */
async function paced(t: Tally, start: number, until: number): Promise<void> {
  const interval = 1000 / cfg.rate;
  const inflight = new Set<Promise<void>>();
  let i = 0;
  while (performance.now() < until) {
    const now = performance.now();
    while (start + i * interval <= now) {
      const due = start + i * interval;
      i++;
      const p: Promise<void> = once().then((status) => {
        record(t, status, (performance.now() - due) * 1000);
        inflight.delete(p);
      });
      inflight.add(p);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inflight);
}

async function main(): Promise<void> {
  for (let i = 0; i < cfg.connections; i++) pool.push(new Conn());
  await Promise.all(pool.map((c) => c.ready));
  idle.push(...pool);
  // Warm-up (connections, JIT) is not counted.
  const warm: Tally = { latUs: [], statuses: new Map() };
  await closed(warm, performance.now() + cfg.warmupMs);
  const t: Tally = { latUs: [], statuses: new Map() };
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const until = start + cfg.durationMs;
  if (cfg.mode === 'closed') await closed(t, until);
  else await paced(t, start, until);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const sorted = t.latUs.sort((a, b) => a - b);
  const pct = (p: number): number => (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      requests: sorted.length,
      warmup: warm.latUs.length,
      perSecond: sorted.length / elapsed,
      p50ms: pct(0.5),
      p99ms: pct(0.99),
      p999ms: pct(0.999),
      maxMs: (sorted.at(-1) ?? NaN) / 1000,
      statuses: Object.fromEntries(t.statuses),
      clientCpuUs: (cpu.user + cpu.system) / Math.max(1, sorted.length),
      clientCore: (cpu.user + cpu.system) / 1e6 / elapsed,
      warmStatuses: Object.fromEntries(warm.statuses),
    })}\n`,
  );
  for (const c of pool) c.close();
}

await main();
