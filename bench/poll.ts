// One poll cycle for 1,000 stages over 200 repositories in the local registry: its time and request
// count, next to a bare HTTP client making one tags/list and one manifest HEAD per repository, 8 at a time.
// Needs the rig's registry on 127.0.0.1:5000 (npx tsx test/rig/cli.ts up, or any integration test run).
// Run: npx tsx bench/poll.ts [repositories] [stagesPerRepository]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../main/events/bus';
import { createChangeDetection } from '../main/intake/change-detection';
import { createNotifier } from '../main/notify/notifier';
import { RegistryClient } from '../main/oci-client/client';
import { MANIFEST_ACCEPT } from '../main/oci-client/schemas';
import { openStore } from '../main/store/db';
import { EventRepo } from '../main/store/event-repo';
import { SettingsRepo } from '../main/store/settings-repo';
import { buildTestApp } from '../test/rig/fixtures';

const REPOS = Number(process.argv[2] ?? 200);
const PER_REPO = Number(process.argv[3] ?? 5);
const REGISTRY = 'localhost:5000';
const BASE = 'http://127.0.0.1:5000';
const PREFIX = 'bench-poll';
const TAGS = ['v1.0.0', 'v1.1.0', 'latest', 'dev-1', 'dev-2'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function ok(res: Response, what: string): Promise<void> {
  if (res.status >= 300) throw new Error(`${what}: HTTP ${String(res.status)} ${await res.text()}`);
  await res.body?.cancel();
}

/** 200 repositories sharing one image's blobs (cross-repository mounts), each with a few tags. No docker build per repository. */
async function seed(): Promise<void> {
  const source = `${PREFIX}/source`;
  await buildTestApp({ repository: `${REGISTRY}/${source}`, tag: 'v1.0.0' });
  const got = await fetch(`${BASE}/v2/${source}/manifests/v1.0.0`, { headers: { accept: MANIFEST_ACCEPT } });
  const type = got.headers.get('content-type') ?? '';
  const manifest = Buffer.from(await got.arrayBuffer());
  const parsed = JSON.parse(manifest.toString('utf8')) as { config: { digest: string }; layers: { digest: string }[] };
  const blobs = [parsed.config.digest, ...parsed.layers.map((l) => l.digest)];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < REPOS) {
        const repo = `${PREFIX}/r${String(next++)}`;
        const have = await fetch(`${BASE}/v2/${repo}/tags/list`);
        const listed = have.status === 200 ? ((await have.json()) as { tags?: string[] | null }).tags ?? [] : [];
        if (have.status !== 200) await have.body?.cancel();
        if (TAGS.every((t) => listed.includes(t))) continue;
        for (const b of blobs) await ok(await fetch(`${BASE}/v2/${repo}/blobs/uploads/?mount=${b}&from=${source}`, { method: 'POST' }), `mount ${b}`);
        for (const t of TAGS) await ok(await fetch(`${BASE}/v2/${repo}/manifests/${t}`, { method: 'PUT', headers: { 'content-type': type }, body: manifest }), `tag ${repo}:${t}`);
      }
    }),
  );
}

/** The floor: one tags/list and one manifest HEAD per repository, 8 repositories at a time, plain fetch. */
async function bareCycle(): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < REPOS) {
        const repo = `${PREFIX}/r${String(next++)}`;
        const list = await fetch(`${BASE}/v2/${repo}/tags/list`, { headers: { accept: 'application/json' } });
        requests++;
        const tags = ((await list.json()) as { tags: string[] }).tags;
        if (!tags.includes('latest')) throw new Error(`${repo} has no latest tag`);
        const head = await fetch(`${BASE}/v2/${repo}/manifests/latest`, { method: 'HEAD', headers: { accept: MANIFEST_ACCEPT } });
        requests++;
        if (!head.headers.get('docker-content-digest')) throw new Error(`${repo}: HEAD gave no digest`);
      }
    }),
  );
  return { ms: performance.now() - t0, requests };
}

await seed();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-poll-'));
const db = openStore(path.join(dir, 'slipway.db'));
const settings = new SettingsRepo(db);
settings.update({ pollPaused: true, autoCreate: false });
const bus = new EventBus(new EventRepo(db));
const registry = new RegistryClient();
const detection = createChangeDetection({
  db,
  bus,
  notifier: createNotifier(bus),
  settings,
  version: 'bench',
  registry,
  deployQueue: () => ({ enqueue: () => ({ id: 1 }) }),
  createProject: () => null,
});
const patterns: { pattern: string; range: string | null }[] = [
  { pattern: 'v*', range: null },
  { pattern: '*', range: '>=1.0.0 <2' },
  { pattern: 'dev-*', range: null },
  { pattern: 'latest', range: null }, // follows the tag's digest
  { pattern: '*', range: null },
];
const now = Date.now();
let port = 30_000;
db.transaction(() => {
  for (let r = 0; r < REPOS; r++) {
    const projectId = Number(
      db
        .prepare(`INSERT INTO projects(name, image, pull_policy, restart_policy, stop_timeout_sec, created_at, updated_at) VALUES (?, ?, 'always', 'unless-stopped', 10, ?, ?)`)
        .run(`p${String(r)}`, `${REGISTRY}/${PREFIX}/r${String(r)}`, now, now).lastInsertRowid,
    );
    for (let s = 0; s < PER_REPO; s++) {
      const p = patterns[s % patterns.length]!;
      db.prepare(
        `INSERT INTO stages(project_id, name, tag_pattern, semver_range, auto_deploy, auto_promote, public_port, max_instances, env, poll_enabled, mode, created_at)
         VALUES (?, ?, ?, ?, 1, 0, ?, 1, '{}', 1, 'http', ?)`,
      ).run(projectId, `s${String(s)}`, p.pattern, p.range, port++, now);
    }
  }
})();

console.log(`poll bench: ${String(REPOS * PER_REPO)} stages over ${String(REPOS)} repositories in ${REGISTRY}, ${String(os.cpus().length)} cores, Node ${process.version}\n`);
const baseline = await detection.handlers['poller.pollNow']({});
console.log(`first cycle (baseline, nothing deployed): ${String(baseline.durationMs)} ms, ${String(baseline.requests)} requests (${(baseline.requests / REPOS).toFixed(2)} per repository)`);
await bareCycle(); // warm the bare client's connections as the poller's are

const bare: number[] = [];
const slip: number[] = [];
let requests = 0;
let found = 0;
for (let i = 0; i < 5; i++) {
  bare.push((await bareCycle()).ms);
  const r = await detection.handlers['poller.pollNow']({});
  slip.push(r.durationMs);
  requests = r.requests;
  found += r.stages.reduce((n, s) => n + s.found.length, 0);
}
const b = median(bare);
const s = median(slip);
console.log(`bare client (tags/list + HEAD per repository, 8 at a time): median ${b.toFixed(0)} ms  [${bare.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`slipway poll cycle, steady state:                           median ${s.toFixed(0)} ms  [${slip.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`ratio ${(s / b).toFixed(2)}× the bare client (goal ≤ 1.5×); ${String(requests)} requests = ${(requests / REPOS).toFixed(2)} per repository (goal ≤ 2); found ${String(found)}`);

// A cycle where every repository has a new release tag and a moved `latest`.
const manifestFor = async (repo: string): Promise<{ type: string; body: Buffer }> => {
  const got = await fetch(`${BASE}/v2/${repo}/manifests/v1.0.0`, { headers: { accept: MANIFEST_ACCEPT } });
  return { type: got.headers.get('content-type') ?? '', body: Buffer.from(await got.arrayBuffer()) };
};
const tag = `v1.${String(2 + (Date.now() % 100000))}.0`;
for (let r = 0; r < REPOS; r++) {
  const repo = `${PREFIX}/r${String(r)}`;
  const m = await manifestFor(repo);
  await ok(await fetch(`${BASE}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': m.type }, body: m.body }), 'new tag');
}
const changed = await detection.handlers['poller.pollNow']({});
const foundNow = changed.stages.reduce((n, st) => n + st.found.length, 0);
console.log(`cycle with a new tag in every repository: ${String(changed.durationMs)} ms, ${String(changed.requests)} requests (${(changed.requests / REPOS).toFixed(2)} per repository), ${String(foundNow)} stages found it`);

await detection.stop();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
