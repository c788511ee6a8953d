import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS } from '../../main/inbound-webhook/listener';
import { digestOf, githubPackage, hubSignature, startHarness, type Harness } from './webhook-support';

let h: Harness | null = null;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await h?.stop();
  h = null;
});
const harness = async (...args: Parameters<typeof startHarness>): Promise<Harness> => (h = await startHarness(...args));

/** A raw connection to the listener; resolves once connected. */
function connect(x: Harness): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(x.listener.port, '127.0.0.1', () => resolve(s));
    sockets.push(s);
    s.on('error', reject);
  });
}

/** Milliseconds until the server closes the socket, and what it sent before. */
function closed(s: net.Socket): Promise<{ afterMs: number; data: string }> {
  const t0 = performance.now();
  let data = '';
  return new Promise((resolve) => {
    s.on('data', (c: Buffer) => (data += c.toString('utf8')));
    s.on('error', () => undefined);
    s.on('close', () => resolve({ afterMs: performance.now() - t0, data }));
  });
}

const secretPath = (x: Harness): string => new URL(x.url).pathname;

describe('webhook listener: sheds abuse', () => {
  it('keeps its limits at or under 10 s for headers and 30 s for a request', () => {
    expect(DEFAULT_TIMEOUTS.headersMs).toBeLessThanOrEqual(10_000);
    expect(DEFAULT_TIMEOUTS.requestMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_TIMEOUTS.keepAliveMs).toBeLessThanOrEqual(10_000);
  });

  it('closes a connection whose headers never finish within 10 s', { timeout: 20_000 }, async () => {
    const x = await harness();
    const s = await connect(x);
    const done = closed(s);
    s.write(`POST ${secretPath(x)} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    const { afterMs } = await done;
    expect(afterMs).toBeLessThan(12_500);
    expect(afterMs).toBeGreaterThan(DEFAULT_TIMEOUTS.headersMs - 1500);
  });

  it('closes a request whose body trickles past the request timeout, answering 408', { timeout: 20_000 }, async () => {
    const x = await harness({ listener: { timeouts: { headersMs: 1000, requestMs: 2000 } } });
    const s = await connect(x);
    const done = closed(s);
    s.write(`POST ${secretPath(x)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const tick = setInterval(() => s.writable && s.write(' '), 200);
    const { afterMs, data } = await done;
    clearInterval(tick);
    expect(afterMs).toBeLessThan(4500);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes an idle keep-alive connection', { timeout: 20_000 }, async () => {
    const x = await harness();
    const s = await connect(x);
    const done = closed(s);
    s.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
    const { afterMs, data } = await done;
    expect(data).toMatch(/^HTTP\/1\.1 200/);
    expect(afterMs).toBeLessThan(DEFAULT_TIMEOUTS.keepAliveMs + 2500);
  });

  it('closes connections beyond the cap at once, and serves again once one closes', async () => {
    const x = await harness({ settings: { webhookMaxConnections: 3 } });
    const held = [await connect(x), await connect(x), await connect(x)];
    const over = await connect(x);
    const refused = await closed(over);
    expect(refused.data).toBe('');
    expect(refused.afterMs).toBeLessThan(1000);
    // The held ones still work.
    const first = held[0]!;
    const answer = new Promise<string>((resolve) => first.once('data', (c: Buffer) => resolve(c.toString('utf8'))));
    first.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(await answer).toMatch(/^HTTP\/1\.1 200/);
    const gone = closed(first);
    first.destroy();
    await gone;
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(x.url.replace(/\/api\/webhook\/.*/, '/api/health'))).status).toBe(200);
  });

  it('keeps at most 1,000 full bodies; older deliveries keep their headers and verdict', { timeout: 120_000 }, async () => {
    const x = await harness({ listener: { rateLimit: null }, settings: { autoCreate: false } });
    const total = 1150;
    for (let i = 0; i < total; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => x.post({ image: `localhost:5000/it-limits/flood:t${String(i + j)}` })));
    }
    const counts = x.db
      .prepare('SELECT count(*) AS rows, count(body) AS bodies, count(headers) AS headers FROM deliveries')
      .get() as { rows: number; bodies: number; headers: number };
    expect(counts.rows).toBe(total);
    expect(counts.bodies).toBeLessThanOrEqual(1000);
    expect(counts.bodies).toBeGreaterThanOrEqual(900);
    expect(counts.headers).toBe(total);
    const oldest = (await x.detection.handlers['deliveries.list']({ limit: 1, beforeId: 2 })).deliveries[0];
    expect(oldest).toMatchObject({ verdict: 'accepted', status: 202 });
    expect((await x.detection.handlers['deliveries.get']({ id: oldest!.id })).body).toBeNull();
  });
});

describe('webhook intake: a re-sent signed body', () => {
  it('does not deploy again when a signed GitHub body comes back under a new delivery id', async () => {
    const x = await harness();
    const secret = 'gh-limits-secret-77';
    await x.detection.handlers['webhook.setSecret']({ kind: 'github', secret });
    x.addProject('ghcr.io/acme/web', [{ name: 'dev' }], 'web');
    const pkg = githubPackage({ tag: 'v1', digest: digestOf('1'), delivery: 'guid-a' });
    const signature = hubSignature(secret, pkg.body);
    const first = await x.post(pkg.body, { ...pkg.headers, 'x-hub-signature-256': signature });
    const again = await x.post(pkg.body, { ...pkg.headers, 'x-github-delivery': 'guid-b', 'x-hub-signature-256': signature });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json['ignored']).toBe(`already received as delivery ${String(first.json['delivery'])}`);
    expect(x.deploys).toHaveLength(1);
  });
});
