// Whether the stable-URL proxy would reach a local container faster on its bridge address than on a
// published host port (which costs a docker-proxy process per instance). In one run, on the test app:
//   start → first 200   create + start + first HTTP 200, published port vs bridge address (no publishing);
//   request latency     median of sequential GETs on a fresh connection to each address.
// Needs the test rig's engine (DOCKER_HOST). Run: npx tsx bench/bridge-vs-port.ts [runs]
import http from 'node:http';
import Docker from 'dockerode';
import { dockerOptions } from '../main/docker/endpoint';
import { findFreePort } from '../main/proxy';
import { buildTestApp } from '../test/rig/fixtures';
import { RIG_DOCKER_HOST } from '../test/rig/paths';
import { median } from './median';

const RUNS = Math.max(6, Number(process.argv[2] ?? 16));
const REPO = 'localhost:5000/bench-bridge/web';
process.env['DOCKER_HOST'] ??= RIG_DOCKER_HOST;
const docker = new Docker(dockerOptions(process.env['DOCKER_HOST']));


function get(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/health', agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function until200(host: string, port: number): Promise<void> {
  for (;;) {
    if ((await get(host, port).catch(() => 0)) === 200) return;
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function run(image: string, publish: boolean): Promise<{ startMs: number; latencyMs: number } | null> {
  const port = await findFreePort();
  const t0 = performance.now();
  const c = await docker.createContainer({
    Image: image,
    ExposedPorts: { '8080/tcp': {} },
    Labels: { 'slipway.bench': 'bridge' },
    HostConfig: { Init: true, ...(publish ? { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } } : {}) },
  });
  try {
    await c.start();
    // Published: the port is known before the start. Bridge: the address is known only after it.
    const addr = publish ? { host: '127.0.0.1', port } : { host: Object.values((await c.inspect()).NetworkSettings.Networks)[0]?.IPAddress ?? "", port: 8080 };
    if (!addr.host) return null;
    const reachable = await Promise.race([until200(addr.host, addr.port).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
    if (!reachable) return null;
    const startMs = performance.now() - t0;
    const lat: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await get(addr.host, addr.port);
      lat.push(performance.now() - t);
    }
    return { startMs, latencyMs: median(lat) };
  } finally {
    await c.remove({ force: true });
  }
}

async function main(): Promise<void> {
  const image = `${REPO}@${(await buildTestApp({ repository: REPO, tag: 'x-1' })).digest}`;
  await run(image, true); // warm caches for both
  const pub: { startMs: number; latencyMs: number }[] = [];
  const bridge: { startMs: number; latencyMs: number }[] = [];
  let unreachable = 0;
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first so that neither always finds the engine warmer.
    for (const publish of i % 2 === 0 ? [true, false] : [false, true]) {
      const r = await run(image, publish);
      if (r === null) unreachable++;
      else (publish ? pub : bridge).push(r);
      await new Promise((res) => setTimeout(res, 300));
    }
  }
  const line = (name: string, xs: { startMs: number; latencyMs: number }[]): string =>
    `${name}: create + start + first 200 median ${median(xs.map((x) => x.startMs)).toFixed(1)} ms (n ${String(xs.length)}), GET latency median ${median(xs.map((x) => x.latencyMs)).toFixed(2)} ms`;
  process.stdout.write(
    [
      '',
      line('published port (docker-proxy)', pub),
      line('bridge address              ', bridge),
      `ratio bridge / published, start → first 200: ${(median(bridge.map((x) => x.startMs)) / median(pub.map((x) => x.startMs))).toFixed(3)}; latency: ${(median(bridge.map((x) => x.latencyMs)) / median(pub.map((x) => x.latencyMs))).toFixed(3)}`,
      unreachable > 0 ? `bridge address unreachable from this host in ${String(unreachable)} run(s) (as on Docker Desktop)` : 'bridge address reachable from this host in every run',
      '',
    ].join('\n'),
  );
}

await main();
