// Static sites: push → forge webhook → new content on the stable URL (median over N commits of a
// 100-file site), and the static route's throughput next to a bare Node static server serving the
// same snapshot, in the same run. The git server is the test rig's (`git http-backend` on loopback).
// Run: npx tsx bench/static.ts [commits] [seconds]
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../main/app';
import type { MethodOutput } from '../preload/contract';

const commits = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 5);

const pin = fs.existsSync('/usr/bin/taskset') && os.cpus().length >= 2;
const pinTo = (pid: number, core: number): void => {
  if (pin) spawnSync('taskset', ['-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
};

interface ClientResult {
  perSecond: number;
  p50ms: number;
  p99ms: number;
  clientCore: number;
  statuses: Record<string, number>;
}

function load(config: Record<string, unknown>): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', path.join(import.meta.dirname, 'load-client.ts'), JSON.stringify(config)];
    const child = pin ? spawn('taskset', ['-c', '1', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ClientResult) : reject(new Error(`load client exited ${String(code)}`))));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function body(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let b = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (b += c));
        res.on('end', () => resolve(b));
      })
      .on('error', reject);
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// The forge (the rig's `git http-backend` server) in its own process; pushes go in there with the real git.
const forge = fork(path.join(import.meta.dirname, 'static-forge.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
let asked = 0;
const replies = new Map<number, (v: unknown) => void>();
forge.on('message', (m: { id: number; value: unknown }) => replies.get(m.id)?.(m.value));
const ask = <T>(req: Record<string, unknown>): Promise<T> => {
  const id = ++asked;
  return new Promise<T>((resolve) => {
    replies.set(id, resolve as (v: unknown) => void);
    forge.send({ ...req, id });
  });
};
await new Promise<unknown>((resolve) => replies.set(0, resolve));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-static-'));
const app = createApp({ dataDir, mode: 'headless', version: '0.0.0-bench', webhookPort: 0 });
let bare: ChildProcess | null = null;
try {
  await app.start();
  const repo = { url: await ask<string>({ op: 'create', name: 'bench-site' }), commit: (files: Record<string, string>, message: string) => ask<string>({ op: 'commit', name: 'bench-site', files, message }) };
  const files: Record<string, string> = { 'index.html': 'v0\n' };
  for (let i = 1; i < 100; i++) files[`pages/p${String(i)}.html`] = `<!doctype html><title>p${String(i)}</title><p>${'lorem ipsum '.repeat(200)}</p>\n`;
  await repo.commit(files, 'a 100-file site');
  const created = await app.dispatch('projects.create', { kind: 'static', name: 'bench-site', git: { url: repo.url, provider: 'gitea' } });
  if (!created.ok) throw new Error(created.error.message);
  const stage = (created.value as MethodOutput<'projects.create'>).stages[0]!;
  const first = await app.dispatch('stages.deploy', { stageId: stage.id, wait: true });
  if (!first.ok || (first.value as MethodOutput<'stages.deploy'>).status !== 'succeeded') throw new Error(`first deploy failed: ${JSON.stringify(first)}`);

  const live = (stageId: number): Promise<void> =>
    new Promise((resolve) => {
      const off = app.bus.onEvent((e) => {
        if ((e.type === 'deploy.succeeded' || e.type === 'deploy.failed') && e.stageId === stageId) {
          off();
          resolve();
        }
      });
    });
  const times: number[] = [];
  const forgeTimes: number[] = [];
  // What each push costs in transfer: the growth of the project's git cache (its pack files).
  const packDir = path.join(dataDir, 'static', String((created.value as MethodOutput<'projects.create'>).id), 'repo.git', 'objects', 'pack');
  const packBytes = (): number => fs.readdirSync(packDir).filter((f) => f.endsWith('.pack')).reduce((n, f) => n + fs.statSync(path.join(packDir, f)).size, 0);
  const firstPack = packBytes();
  const pushBytes: number[] = [];
  for (let i = 1; i <= commits; i++) {
    const sha = await repo.commit({ 'index.html': `v${String(i)}\n` }, `commit ${String(i)}`);
    const payload = JSON.stringify({
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: sha,
      commits: [{ id: sha, message: `commit ${String(i)}`, author: { name: 'Dana' } }],
      head_commit: { id: sha },
      repository: { full_name: 'bench-site', clone_url: repo.url },
      pusher: { login: 'dana' },
    });
    // From the forge's delivery (the push has landed) to the new content on the stable URL.
    const done = live(stage.id);
    const t0 = performance.now();
    const res = await fetch(app.listener.url(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-gitea-event': 'push', 'x-gitea-delivery': randomUUID() }, body: payload });
    if (res.status >= 300) throw new Error(`webhook answered ${String(res.status)}`);
    // Ask the stable URL once the deploy says it is live (polling it meanwhile would take CPU from the deploy), then until it answers.
    await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
    while ((await body(stage.url)) !== `v${String(i)}\n`) await new Promise((r) => setTimeout(r, 2));
    times.push(performance.now() - t0);
    pushBytes.push(packBytes() - firstPack - pushBytes.reduce((a, b) => a + b, 0));
    await new Promise((r) => setTimeout(r, 50));
    // The floor the forge sets: one of its git requests (a fetch makes two: refs, then the pack).
    const f0 = performance.now();
    await (await fetch(`${repo.url}/info/refs?service=git-upload-pack`)).arrayBuffer();
    forgeTimes.push(performance.now() - f0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`push → webhook → new content on the stable URL, 100-file site, ${String(commits)} commits:`);
  console.log(`  median ${median(times).toFixed(0)} ms   min ${sorted[0]!.toFixed(0)} ms   max ${sorted.at(-1)!.toFixed(0)} ms   (goal < 300 ms)`);
  console.log(`  fetched per push: median ${(median(pushBytes) / 1024).toFixed(1)} KiB of pack (the first, shallow fetch of the whole site: ${(firstPack / 1024).toFixed(1)} KiB)`);
  console.log(`  the forge's answer to one git request (refs advertisement, a CGI spawn): median ${median(forgeTimes).toFixed(0)} ms; a fetch makes two`);

  // Where the time goes: queue wait and each step, medians over the webhook deploys.
  const deploys = (app.db.prepare("SELECT created_at, started_at, steps FROM deploys WHERE trigger = 'webhook' ORDER BY id DESC LIMIT ?").all(commits) as { created_at: number; started_at: number; steps: string }[]);
  const parts = new Map<string, number[]>([['queued → started', deploys.map((d) => d.started_at - d.created_at)]]);
  for (const d of deploys) for (const st of JSON.parse(d.steps) as { name: string; startedAt: number; endedAt: number | null }[]) parts.set(st.name, [...(parts.get(st.name) ?? []), (st.endedAt ?? st.startedAt) - st.startedAt]);
  console.log(`  medians: ${[...parts].map(([k, v]) => `${k} ${median(v).toFixed(0)} ms`).join(', ')}   (load average ${os.loadavg()[0]!.toFixed(1)} on ${String(os.cpus().length)} cores)`);

  // Throughput: the proxy's static route and a bare Node static server over the same snapshot directory.
  const snapshot = app.db.prepare<[number], { dir: string }>("SELECT dir FROM static_snapshots WHERE stage_id = ? AND status = 'live'").get(stage.id)!.dir;
  bare = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'static-bare-server.ts'), snapshot], { stdio: ['ignore', 'pipe', 'inherit'] });
  const barePort = await new Promise<number>((resolve) => bare!.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  const proxyPid = app.deployments.proxy()?.pid;
  if (proxyPid) pinTo(proxyPid, 0);
  if (bare.pid) pinTo(bare.pid, 0);
  const paths = ['/', ...Array.from({ length: 99 }, (_, i) => `/pages/p${String(i + 1)}.html`)];
  const cfg = { mode: 'closed', connections: 32, durationMs: seconds * 1000, body: 'get', paths, warmupMs: 2000 };
  const port = new URL(stage.url).port;
  const slip = await load({ ...cfg, url: `http://127.0.0.1:${port}/` });
  const raw = await load({ ...cfg, url: `http://127.0.0.1:${String(barePort)}/` });
  const fmt = (label: string, r: ClientResult): string =>
    `  ${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)}/s   p50 ${r.p50ms.toFixed(2)} ms   p99 ${r.p99ms.toFixed(2)} ms   [${Object.entries(r.statuses).map(([s, c]) => `${s}×${String(c)}`).join(' ')}]`;
  console.log(`static route throughput (${String(seconds)} s, 32 keep-alive connections, 100 files in turn):`);
  console.log(fmt('slipway proxy static route', slip));
  console.log(fmt('bare Node static server', raw));
  console.log(`  ratio ${(slip.perSecond / raw.perSecond).toFixed(2)}× (goal ≥ 0.7×)`);
} finally {
  bare?.kill();
  agent.destroy();
  const proxy = app.deployments.proxy();
  const projects = await app.dispatch('projects.list', {});
  if (projects.ok) for (const p of (projects.value as MethodOutput<'projects.list'>).projects) await app.dispatch('projects.remove', { id: p.id });
  await app.stop();
  await proxy?.shutdown().catch(() => undefined);
  await ask({ op: 'close' });
  fs.rmSync(dataDir, { recursive: true, force: true });
}
