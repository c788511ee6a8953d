import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProxy, defaultProxyLaunch, findFreePort, isPortFree, proxyPaths, type ProxyControl, type RouteSpec } from '../../main/proxy';

// The proxy needs no engine: plain Node HTTP/TCP servers on 127.0.0.1 stand in for instances.

interface Upstream {
  readonly name: string;
  readonly port: number;
  close(): Promise<void>;
}

/** An "instance": answers its name; /slow?ms=N; /headers; POST /echo streams the body back; Upgrade → echo tunnel. */
async function httpUpstream(name: string): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/slow') {
      setTimeout(() => res.end(name), Number(url.searchParams.get('ms') ?? '500'));
    } else if (url.pathname === '/headers') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.headers));
    } else if (url.pathname === '/echo') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(`${name}:`);
      req.pipe(res);
    } else if (url.pathname === '/crash') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
      setTimeout(() => req.socket.destroy(), 20);
    } else {
      req.resume();
      res.end(name);
    }
  });
  const tunnels = new Set<net.Socket>();
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    const accept = createHash('sha1')
      .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('data', (d: Buffer) => socket.write(`${name}:${d.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    name,
    port,
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
        for (const t of tunnels) t.destroy();
      }),
  };
}

async function tcpUpstream(name: string): Promise<Upstream> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => s.write(`${name}:${d.toString()}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    name,
    port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly localPort: number | undefined;
}

function request(port: number, opts: { path?: string; method?: string; agent?: http.Agent | false; headers?: http.OutgoingHttpHeaders; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: opts.path ?? '/', method: opts.method ?? 'GET', agent: opts.agent ?? false, headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        // The socket goes back to the pool (and off the response) once the body ends.
        const localPort = res.socket.localPort;
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers, localPort }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

interface LoadStats {
  ok: number;
  failed: number;
  readonly errors: string[];
  readonly seen: Map<string, number>;
}

/** Clients looping on keep-alive connections (one socket each) until stopped; POST clients send bodies. */
function startLoad(port: number, getters: number, posters: number): { stats: LoadStats; stop: () => Promise<LoadStats> } {
  const stats: LoadStats = { ok: 0, failed: 0, errors: [], seen: new Map() };
  let running = true;
  const loop = async (post: boolean, i: number): Promise<void> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let n = 0;
    while (running) {
      n++;
      const payload = `client-${String(i)}-${String(n)}`;
      try {
        const r = post ? await request(port, { path: '/echo', method: 'POST', agent, body: payload }) : await request(port, { agent });
        const version = post ? r.body.split(':')[0] ?? '' : r.body;
        const good = r.status === 200 && (post ? r.body === `${version}:${payload}` : /^v\d+$/.test(r.body));
        if (good) {
          stats.ok++;
          stats.seen.set(version, (stats.seen.get(version) ?? 0) + 1);
        } else {
          stats.failed++;
          stats.errors.push(`${String(r.status)} ${r.body.slice(0, 80)}`);
        }
      } catch (error) {
        stats.failed++;
        stats.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    agent.destroy();
  };
  const loops = [...Array.from({ length: getters }, (_, i) => loop(false, i)), ...Array.from({ length: posters }, (_, i) => loop(true, getters + i))];
  return {
    stats,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return stats;
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `data` and resolves with the first chunk that comes back. */
function exchange(socket: net.Socket, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (d: Buffer) => resolve(d.toString()));
    socket.once('error', reject);
    socket.write(data);
  });
}

function connectTcp(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-proxy-'));
const paths = proxyPaths(stateDir);
const launch = defaultProxyLaunch();
const knownPids = new Set<number>();
const controls: ProxyControl[] = [];
const upstreams: Upstream[] = [];
const children: ChildProcess[] = [];
let control: ProxyControl;
let v1: Upstream;
let v2: Upstream;

async function connect(): Promise<ProxyControl> {
  const c = await connectProxy({ stateDir, launch });
  knownPids.add(c.pid);
  controls.push(c);
  return c;
}

async function route(spec: Omit<RouteSpec, 'publicPort'> & { publicPort?: number }): Promise<RouteSpec> {
  const full: RouteSpec = { ...spec, publicPort: spec.publicPort ?? (await findFreePort()) };
  await control.setRoute(full);
  return full;
}

beforeAll(async () => {
  v1 = await httpUpstream('v1');
  v2 = await httpUpstream('v2');
  upstreams.push(v1, v2);
  control = await connect();
});

afterAll(async () => {
  for (const c of controls) {
    try {
      await c.shutdown();
    } catch {
      // already stopped or closed
    }
  }
  for (const pid of knownPids) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(upstreams.map((u) => u.close()));
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('stable-URL proxy process', () => {
  it('starts as its own process with a private control socket and a pid file', () => {
    expect(control.adopted).toBe(false);
    expect(control.pid).not.toBe(process.pid);
    expect(processAlive(control.pid)).toBe(true);
    expect(fs.statSync(paths.control).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(paths.pidFile, 'utf8').trim()).toBe(String(control.pid));
  });

  it('answers 503 with a short page (or JSON) while a stage has no live instance', async () => {
    const r = await route({ key: 'stage:empty', mode: 'http', targetPort: null });
    const page = await request(r.publicPort, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('no live instance for this stage yet');
    const api = await request(r.publicPort, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(503);
    expect(JSON.parse(api.body)).toEqual({ error: 'no live instance for this stage yet', route: 'stage:empty' });
  });

  it('forwards with X-Forwarded-* headers and the original Host', async () => {
    const r = await route({ key: 'stage:headers', mode: 'http', targetPort: v1.port });
    const reply = await request(r.publicPort, { path: '/headers', headers: { host: 'myapp.localhost' } });
    expect(reply.status).toBe(200);
    const seen = JSON.parse(reply.body) as Record<string, string>;
    expect(seen['host']).toBe('myapp.localhost');
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('myapp.localhost');
    expect(seen['x-forwarded-port']).toBe(String(r.publicPort));
  });

  it('streams request and response bodies both ways without buffering them', async () => {
    const r = await route({ key: 'stage:stream', mode: 'http', targetPort: v1.port });
    const received: string[] = [];
    const done = new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: r.publicPort, path: '/echo', method: 'POST', agent: false }, (res) => {
        let all = '';
        res.on('data', (c: Buffer) => {
          all += c.toString();
          received.push(c.toString());
        });
        res.on('end', () => resolve(all));
      });
      req.on('error', reject);
      // Each chunk is only sent after the previous one came back: impossible if either side buffered.
      req.write('one;');
      void until('first echo', () => received.join('').includes('one;')).then(async () => {
        req.write('two;');
        await until('second echo', () => received.join('').includes('two;'));
        req.end('three');
      }, reject);
    });
    expect(await done).toBe('v1:one;two;three');
  });

  it('routes every request, so an idle keep-alive client follows a switch on its same connection', async () => {
    const r = await route({ key: 'stage:keepalive', mode: 'http', targetPort: v1.port });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await request(r.publicPort, { agent });
    await control.setRoute({ ...r, targetPort: v2.port });
    const second = await request(r.publicPort, { agent });
    agent.destroy();
    expect(first.body).toBe('v1');
    expect(second.body).toBe('v2');
    expect(second.localPort).toBe(first.localPort);
  });

  it('switches back and forth 24 times under keep-alive load without failing a request', async () => {
    const r = await route({ key: 'stage:load', mode: 'http', targetPort: v1.port });
    const load = startLoad(r.publicPort, 6, 2);
    await until('load running', () => load.stats.ok > 50);
    for (let i = 0; i < 24; i++) {
      const status = await control.setRoute({ ...r, targetPort: i % 2 === 0 ? v2.port : v1.port });
      expect(status.targetPort).toBe(i % 2 === 0 ? v2.port : v1.port);
      await sleep(25);
    }
    const stats = await load.stop();
    expect(stats.errors.slice(0, 5)).toEqual([]);
    expect(stats.failed).toBe(0);
    expect(stats.seen.get('v1')).toBeGreaterThan(0);
    expect(stats.seen.get('v2')).toBeGreaterThan(0);
    expect(stats.ok).toBeGreaterThan(200);
    const drained = await control.waitDrained(r.key, v1.port, 5_000);
    expect(drained).toEqual({ drained: true, inflight: 0 });
  });

  it('blue-green 20 times: each new instance goes live, the old one drains and is stopped, no request fails', async () => {
    let live = await httpUpstream('v100');
    const r = await route({ key: 'stage:bluegreen', mode: 'http', targetPort: live.port });
    const load = startLoad(r.publicPort, 6, 2);
    await until('load running', () => load.stats.ok > 50);
    for (let i = 1; i <= 20; i++) {
      const next = await httpUpstream(`v${String(100 + i)}`);
      await control.setRoute({ ...r, targetPort: next.port });
      const drained = await control.waitDrained(r.key, live.port, 10_000);
      expect(drained.drained).toBe(true);
      await live.close();
      live = next;
      await sleep(20);
    }
    const stats = await load.stop();
    upstreams.push(live);
    expect(stats.errors.slice(0, 5)).toEqual([]);
    expect(stats.failed).toBe(0);
    expect(stats.seen.size).toBeGreaterThanOrEqual(15);
  });

  it('lets a slow request finish on the old target after a switch; waitDrained follows it', async () => {
    const r = await route({ key: 'stage:slow', mode: 'http', targetPort: v1.port });
    const slow = request(r.publicPort, { path: '/slow?ms=700' });
    await until('slow request in flight', async () => (await control.listRoutes()).find((s) => s.key === r.key)?.inflight[String(v1.port)] === 1);
    await control.setRoute({ ...r, targetPort: v2.port });
    const fresh = await request(r.publicPort);
    expect(fresh.body).toBe('v2');
    const status = (await control.listRoutes()).find((s) => s.key === r.key);
    expect(status?.inflight).toEqual({ [String(v1.port)]: 1 });
    expect(await control.waitDrained(r.key, v1.port, 50)).toEqual({ drained: false, inflight: 1 });
    const waiting = control.waitDrained(r.key, v1.port, 10_000);
    const done = await slow;
    expect(done).toMatchObject({ status: 200, body: 'v1' });
    expect(await waiting).toEqual({ drained: true, inflight: 0 });
  });

  it('retries a request refused by the instance being retired on the new one', async () => {
    // An instance that stops accepting: a process with a full accept queue (its event loop is
    // blocked), so the proxy's connect hangs until the process dies and the kernel refuses it.
    const blocker = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
           process.stdout.write(String(s.address().port) + '\\n');
           setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0), 100);
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(blocker);
    const blockedPort = await new Promise<number>((resolve) => blocker.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    await sleep(300);
    const fillers: net.Socket[] = [];
    for (let i = 0; i < 4; i++) {
      const s = net.connect({ host: '127.0.0.1', port: blockedPort });
      s.on('error', () => undefined);
      fillers.push(s);
    }
    await sleep(200);
    const r = await route({ key: 'stage:retire', mode: 'http', targetPort: blockedPort });
    const pending = request(r.publicPort);
    await until('request pending on the retiring instance', async () => (await control.listRoutes()).find((s) => s.key === r.key)?.inflight[String(blockedPort)] === 1);
    await control.setRoute({ ...r, targetPort: v2.port });
    blocker.kill('SIGKILL');
    const reply = await pending;
    for (const s of fillers) s.destroy();
    expect(reply).toMatchObject({ status: 200, body: 'v2' });
  });

  it('answers 502 when the live instance refuses, and survives an instance dying mid-response', async () => {
    const dead = await findFreePort();
    const r = await route({ key: 'stage:dead', mode: 'http', targetPort: dead });
    const refused = await request(r.publicPort, { headers: { accept: 'application/json' } });
    expect(refused.status).toBe(502);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'the live instance for this stage is not answering' });

    await control.setRoute({ ...r, targetPort: v1.port });
    await expect(request(r.publicPort, { path: '/crash' })).rejects.toThrow();
    expect(await request(r.publicPort)).toMatchObject({ status: 200, body: 'v1' });
    expect(processAlive(control.pid)).toBe(true);
  });

  it('passes a WebSocket upgrade through both ways and counts the open tunnel as in flight', async () => {
    const r = await route({ key: 'stage:ws', mode: 'http', targetPort: v2.port });
    const key = Buffer.from('0123456789abcdef').toString('base64');
    const { res, socket } = await new Promise<{ res: http.IncomingMessage; socket: net.Socket }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: r.publicPort,
        path: '/socket',
        agent: false,
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': key, 'sec-websocket-version': '13' },
      });
      req.on('upgrade', (response: http.IncomingMessage, s: net.Socket) => resolve({ res: response, socket: s }));
      req.on('response', () => reject(new Error('upgrade was not accepted')));
      req.on('error', reject);
      req.end();
    });
    expect(res.statusCode).toBe(101);
    expect(res.headers['upgrade']).toBe('websocket');
    expect(res.headers['sec-websocket-accept']).toBe(createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64'));
    expect(await exchange(socket, 'hello')).toBe('v2:hello');
    expect(await control.waitDrained(r.key, v2.port, 50)).toEqual({ drained: false, inflight: 1 });
    // A switch does not move an open tunnel.
    await control.setRoute({ ...r, targetPort: v1.port });
    expect(await exchange(socket, 'again')).toBe('v2:again');
    socket.destroy();
    expect(await control.waitDrained(r.key, v2.port, 5_000)).toEqual({ drained: true, inflight: 0 });
  });

  it('TCP mode: new connections go to the new target, open ones stay; no target closes the connection', async () => {
    const t1 = await tcpUpstream('t1');
    const t2 = await tcpUpstream('t2');
    upstreams.push(t1, t2);
    const r = await route({ key: 'stage:tcp', mode: 'tcp', targetPort: t1.port });
    const c1 = await connectTcp(r.publicPort);
    expect(await exchange(c1, 'a')).toBe('t1:a');
    await control.setRoute({ ...r, targetPort: t2.port });
    const c2 = await connectTcp(r.publicPort);
    expect(await exchange(c2, 'b')).toBe('t2:b');
    expect(await exchange(c1, 'c')).toBe('t1:c');
    const status = (await control.listRoutes()).find((s) => s.key === r.key);
    expect(status).toMatchObject({ mode: 'tcp', listening: true, inflight: { [String(t1.port)]: 1, [String(t2.port)]: 1 } });
    c1.end();
    expect(await control.waitDrained(r.key, t1.port, 5_000)).toEqual({ drained: true, inflight: 0 });
    c2.destroy();

    await control.setRoute({ ...r, targetPort: null });
    const c3 = await connectTcp(r.publicPort);
    const closedWith = await new Promise<string>((resolve) => {
      let data = '';
      c3.on('data', (d: Buffer) => (data += d.toString()));
      c3.on('close', () => resolve(data));
    });
    expect(closedWith).toBe('');

    await control.removeRoute(r.key);
    await expect(connectTcp(r.publicPort)).rejects.toThrow(/ECONNREFUSED/);
    expect((await control.listRoutes()).some((s) => s.key === r.key)).toBe(false);
  });

  it('moves a route to another mode or port: the new listener serves, the old port is let go', async () => {
    const t1 = await tcpUpstream('t1');
    upstreams.push(t1);
    const r = await route({ key: 'stage:moving', mode: 'http', targetPort: v1.port });
    expect(await request(r.publicPort)).toMatchObject({ status: 200, body: 'v1' });

    await control.setRoute({ ...r, mode: 'tcp', targetPort: t1.port });
    const c = await connectTcp(r.publicPort);
    expect(await exchange(c, 'x')).toBe('t1:x');
    c.destroy();

    const elsewhere = await findFreePort();
    const moved = await control.setRoute({ ...r, publicPort: elsewhere, mode: 'http', targetPort: v2.port });
    expect(moved).toMatchObject({ publicPort: elsewhere, mode: 'http', targetPort: v2.port, listening: true, error: null });
    expect(await request(elsewhere)).toMatchObject({ status: 200, body: 'v2' });
    await until('old port released', () => isPortFree(r.publicPort));
    expect(JSON.parse(fs.readFileSync(paths.routesFile, 'utf8')).routes).toContainEqual({ key: r.key, publicPort: elsewhere, mode: 'http', targetPort: v2.port });
  });

  it('refuses a public port another program holds, naming the port', async () => {
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      expect(await isPortFree(port)).toBe(false);
      await expect(control.setRoute({ key: 'stage:taken', publicPort: port, mode: 'http', targetPort: v1.port })).rejects.toThrow(
        `port ${String(port)} on 127.0.0.1 is already in use by another program`,
      );
      expect((await control.listRoutes()).some((s) => s.key === 'stage:taken')).toBe(false);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
    const free = await findFreePort();
    expect(await isPortFree(free)).toBe(true);
  });

  it('refuses a public port that another route already serves', async () => {
    const r = await route({ key: 'stage:owner', mode: 'http', targetPort: v1.port });
    await expect(control.setRoute({ key: 'stage:thief', publicPort: r.publicPort, mode: 'http', targetPort: v2.port })).rejects.toThrow(
      `port ${String(r.publicPort)} is already the stable port of stage:owner`,
    );
  });

  it('keeps serving when the app is killed with SIGKILL; the next app adopts the proxy with its routes', async () => {
    const script = `
      import { connectProxy, defaultProxyLaunch } from ${JSON.stringify(path.join(repoRoot, 'main/proxy/index.ts'))};
      const c = await connectProxy({ stateDir: ${JSON.stringify(stateDir)}, launch: defaultProxyLaunch() });
      const port = Number(process.argv.at(-1));
      await c.setRoute({ key: 'stage:app', publicPort: port, mode: 'http', targetPort: ${String(v1.port)} });
      process.stdout.write(JSON.stringify({ pid: c.pid, adopted: c.adopted }) + '\\n');
      setInterval(() => undefined, 1000);
    `;
    const publicPort = await findFreePort();
    const app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(publicPort)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(app);
    const said = await new Promise<{ pid: number; adopted: boolean }>((resolve, reject) => {
      app.stdout?.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as { pid: number; adopted: boolean }));
      app.once('exit', (code) => reject(new Error(`app exited with ${String(code)}`)));
    });
    expect(said).toEqual({ pid: control.pid, adopted: true });

    app.kill('SIGKILL');
    await new Promise((r) => app.once('exit', r));
    expect(await request(publicPort)).toMatchObject({ status: 200, body: 'v1' });

    const before = await control.listRoutes();
    control.close();
    const again = await connect();
    expect(again.adopted).toBe(true);
    expect(again.pid).toBe(said.pid);
    expect(await again.listRoutes()).toEqual(before);
    expect(before.find((s) => s.key === 'stage:app')).toMatchObject({ publicPort, targetPort: v1.port, listening: true });
    control = again;
  });

  it('restores routes.json after the proxy is killed with SIGKILL, despite stale pid and socket files', async () => {
    const before = (await control.listRoutes()).map(({ key, publicPort, mode, targetPort }) => ({ key, publicPort, mode, targetPort }));
    const app = before.find((s) => s.key === 'stage:app');
    expect(app).toBeDefined();
    const oldPid = control.pid;
    process.kill(oldPid, 'SIGKILL');
    await until('old proxy gone', () => !processAlive(oldPid));
    expect(fs.existsSync(paths.control)).toBe(true);
    // The stale pid file even names a live process that is no proxy.
    fs.writeFileSync(paths.pidFile, `${String(process.pid)}\n`);

    const fresh = await connect();
    expect(fresh.adopted).toBe(false);
    expect(fresh.pid).not.toBe(oldPid);
    const after = await fresh.listRoutes();
    expect(after.map(({ key, publicPort, mode, targetPort }) => ({ key, publicPort, mode, targetPort }))).toEqual(before);
    expect(after.every((s) => s.listening && s.error === null)).toBe(true);
    expect(await request(app!.publicPort)).toMatchObject({ status: 200, body: 'v1' });

    // The old handle starts a proxy again on its own when the one it knew is gone.
    process.kill(fresh.pid, 'SIGKILL');
    await until('second proxy gone', () => !processAlive(fresh.pid));
    const listed = await control.listRoutes();
    knownPids.add(control.pid);
    expect(control.pid).not.toBe(fresh.pid);
    expect(listed.map((s) => s.key)).toEqual(before.map((s) => s.key));
    expect(await request(app!.publicPort)).toMatchObject({ status: 200, body: 'v1' });
  });

  it('shuts down cleanly on request and on SIGTERM, keeping routes.json', async () => {
    const saved = fs.readFileSync(paths.routesFile, 'utf8');
    const pid = control.pid;
    await control.shutdown();
    expect(processAlive(pid)).toBe(false);
    expect(fs.existsSync(paths.control)).toBe(false);
    expect(fs.existsSync(paths.pidFile)).toBe(false);
    expect(fs.readFileSync(paths.routesFile, 'utf8')).toBe(saved);
    await expect(control.listRoutes()).rejects.toThrow(/shut down/);

    const next = await connect();
    expect(next.adopted).toBe(false);
    expect((await next.listRoutes()).length).toBeGreaterThan(0);
    process.kill(next.pid, 'SIGTERM');
    await until('proxy stopped by SIGTERM', () => !processAlive(next.pid));
    expect(fs.existsSync(paths.pidFile)).toBe(false);
    expect(fs.readFileSync(paths.logFile, 'utf8')).toMatch(/SIGTERM: stopping[\s\S]*stopped \(exit 0\)/);
    next.close();
  });

  it('stops by itself once its state dir is removed, since nothing could reach it any more', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-proxy-orphan-'));
    const orphan = await connectProxy({ stateDir: dir, launch });
    knownPids.add(orphan.pid);
    const r: RouteSpec = { key: 'stage:orphan', publicPort: await findFreePort(), mode: 'http', targetPort: v1.port };
    await orphan.setRoute(r);
    orphan.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await until('orphaned proxy gone', () => !processAlive(orphan.pid), 15_000);
    expect(await isPortFree(r.publicPort)).toBe(true);
  });
});
