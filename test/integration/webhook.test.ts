import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliverySchema, DeliverySummarySchema } from '../../preload/contract';
import { buildTestApp } from '../rig/fixtures';
import { requireEngine } from '../rig/engine-available';
import { digestOf, distributionPush, githubPackage, hubSignature, pushTinyImage, startHarness, until, type Harness } from './webhook-support';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});
const harness = async (...args: Parameters<typeof startHarness>): Promise<Harness> => (h = await startHarness(...args));
const handlers = (x: Harness) => x.detection.handlers;

describe('webhook listener: the secret URL', () => {
  it('answers a wrong, missing or old secret exactly like an unknown path', async () => {
    const x = await harness();
    const base = x.url.slice(0, x.url.indexOf('/api/webhook/'));
    const answers = await Promise.all(
      [`${base}/api/webhook/wrong`, `${base}/api/webhook/`, `${base}/api/nothing`, `${base}/api/webhook/%E0%A4%A`].map(async (u) => {
        const r = await fetch(u, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
        return { status: r.status, body: await r.text(), type: r.headers.get('content-type') };
      }),
    );
    for (const a of answers) expect(a).toEqual(answers[2]);
    expect(answers[0]?.status).toBe(404);

    const old = x.url;
    x.secret.regenerate();
    const r = await x.post({ image: 'localhost:5000/acme/web:1' }, {}, old);
    expect(r.status).toBe(404);
    expect((await x.post({ image: 'localhost:5000/acme/web:1' })).status).toBe(202);
  });

  it('refuses bodies over 1 MiB (413), other methods (405) and non-JSON (415), recording each', async () => {
    const x = await harness();
    const big = await fetch(x.url, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 0x20), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    const get = await fetch(x.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const xml = await x.post('<push/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    const broken = await x.post('{"image":', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    const list = await handlers(x)['deliveries.list']({ limit: 10 });
    expect(list.deliveries.map((d) => [d.verdict, d.status])).toEqual([
      ['invalid', 400],
      ['invalid', 415],
      ['invalid', 405],
      ['too-large', 413],
    ]);
    expect(x.deploys).toEqual([]);
  });

  it('rate-limits per source address with 429 and Retry-After', async () => {
    const x = await harness({ listener: { rateLimit: { perSecond: 1, burst: 3 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await x.post({ image: `localhost:5000/acme/web:${String(i)}` })).status);
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const r = await fetch(x.url, { method: 'POST', body: '{}' });
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(x.listener.rateLimited).toBe(3);
  });

  it('answers GET /api/health with { status: "ok" } only; the subscriptions are listed behind the secret', async () => {
    const x = await harness();
    x.addProject('localhost:5000/acme/web', [{ name: 'dev', tagPattern: 'dev-*' }, { name: 'prod', tagPattern: 'v*', autoDeploy: false }], 'web');
    await handlers(x)['webhook.setSecret']({ kind: 'github', secret: 'very-secret-value' });
    const open = await fetch(x.url.replace(/\/api\/webhook\/.*/, '/api/health'));
    expect(open.status).toBe(200);
    expect(await open.text()).toBe('{"status":"ok"}');

    const r = await fetch(`${x.url}/health`);
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({
      status: 'ok',
      projects: [{ name: 'web', image: 'localhost:5000/acme/web', stages: [{ name: 'dev', tagPattern: 'dev-*', autoDeploy: true }, { name: 'prod', autoDeploy: false }] }],
      gitRepositories: [],
    });
    expect(text).not.toContain(x.secret.current);
    expect(text).not.toContain('very-secret-value');
    const wrong = await fetch(x.url.replace(/\/api\/webhook\/.*/, '/api/webhook/not-the-secret/health'));
    expect(wrong.status).toBe(404);
    expect((await fetch(`${x.url}/health`, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});

describe('webhook intake: matching and answers', () => {
  it('answers 202 with what it understood and queues a deploy on each matching auto-deploy stage', async () => {
    const x = await harness();
    const p = x.addProject('localhost:5000/acme/web', [
      { name: 'dev', tagPattern: 'dev-*' },
      { name: 'all', tagPattern: '*' },
      { name: 'prod', tagPattern: 'v*' },
    ], 'web');
    const d = digestOf('a');
    const push = distributionPush({ host: 'localhost:5000', repository: 'acme/web', tag: 'dev-42', digest: d });
    const r = await x.post(push.body, push.headers);
    expect(r.status).toBe(202);
    expect(r.json).toEqual({
      delivery: expect.any(Number),
      events: [
        {
          kind: 'image',
          repository: 'localhost:5000/acme/web',
          tag: 'dev-42',
          digest: d,
          matches: [
            { project: 'web', stage: 'dev', action: 'deploy' },
            { project: 'web', stage: 'all', action: 'deploy' },
          ],
        },
      ],
    });
    expect(x.deploys.map((q) => [q.stageId, q.tag, q.digest, q.trigger])).toEqual([
      [p.stages['dev'], 'dev-42', d, 'webhook'],
      [p.stages['all'], 'dev-42', d, 'webhook'],
    ]);
    const rec = await handlers(x)['deliveries.get']({ id: r.json['delivery'] as number });
    expect(DeliverySchema.parse(rec)).toMatchObject({ verdict: 'accepted', status: 202, vendor: 'distribution', signature: 'not-configured' });
    const ev = rec.events[0];
    expect(ev?.kind === 'image' && ev.matches.map((m) => m.deployId)).toEqual([1, 2]);
  });

  it('matches normalised references: docker.io/library/x is x', async () => {
    const x = await harness();
    x.addProject('docker.io/library/nginx', [{ name: 'dev', tagPattern: '*' }], 'nginx');
    const r = await x.post({ image: 'nginx:1.27@' + digestOf('b') });
    expect(r.json['events']).toEqual([{ kind: 'image', repository: 'docker.io/library/nginx', tag: '1.27', digest: digestOf('b'), matches: [{ project: 'nginx', stage: 'dev', action: 'deploy' }] }]);
    const hub = await x.post({ image: 'index.docker.io/library/nginx:1.28@' + digestOf('c') });
    expect((hub.json['events'] as { matches: unknown[] }[])[0]?.matches).toHaveLength(1);
  });

  it('records an update available, emits update.available and offers a Deploy action when auto-deploy is off', async () => {
    const x = await harness();
    const p = x.addProject('localhost:5000/acme/web', [{ name: 'prod', tagPattern: 'v*', autoDeploy: false }], 'web');
    const r = await x.post({ image: `localhost:5000/acme/web:v1.2.0@${digestOf('d')}` });
    expect((r.json['events'] as { matches: unknown[] }[])[0]?.matches).toEqual([{ project: 'web', stage: 'prod', action: 'update-available' }]);
    expect(x.deploys).toEqual([]);
    const ev = x.events.find((e) => e.type === 'update.available');
    expect(ev).toMatchObject({ stageId: p.stages['prod'], projectId: p.projectId, data: { tag: 'v1.2.0', digest: digestOf('d') } });
    expect(x.toasts).toContainEqual(expect.objectContaining({ action: { label: 'Deploy', method: 'stages.deploy', input: { stageId: p.stages['prod'], tag: 'v1.2.0' } } }));
  });

  it('answers 200 with the reason for events it ignores (blob pushes, pings, untagged manifests)', async () => {
    const x = await harness();
    const blob = distributionPush({ host: 'localhost:5000', repository: 'acme/web', digest: digestOf('e'), mediaType: 'application/octet-stream' });
    const r1 = await x.post(blob.body, blob.headers);
    expect(r1.status).toBe(200);
    expect(r1.json).toMatchObject({ delivery: expect.any(Number), events: [], ignored: expect.stringContaining('blob') });
    const ping = await x.post({ zen: 'Keep it logically awesome.', hook_id: 1 }, { 'x-github-event': 'ping', 'x-github-delivery': crypto.randomUUID() });
    expect(ping.status).toBe(200);
    const untagged = githubPackage({ tag: '', digest: digestOf('f') });
    const r3 = await x.post(untagged.body, untagged.headers);
    expect(r3.status).toBe(200);
    expect(r3.json['ignored']).toMatch(/untagged/);
  });

  it('says why an event matched nothing', async () => {
    const x = await harness({ settings: { autoCreate: false } });
    x.addProject('localhost:5000/acme/web', [{ name: 'prod', tagPattern: 'v*' }], 'web');
    const r = await x.post({ image: 'localhost:5000/acme/web:dev-1' });
    expect(r.status).toBe(202);
    const other = await x.post({ image: 'localhost:5000/acme/unknown:1' });
    const rec1 = await handlers(x)['deliveries.get']({ id: r.json['delivery'] as number });
    const rec2 = await handlers(x)['deliveries.get']({ id: other.json['delivery'] as number });
    expect(rec1.events[0]).toMatchObject({ matches: [], note: expect.stringContaining('pattern') });
    expect(rec2.events[0]).toMatchObject({ matches: [], note: expect.stringContaining('auto-create is off') });
  });

  it('records git pushes as git events', async () => {
    const x = await harness();
    const sha = 'a'.repeat(40);
    const r = await x.post(
      { ref: 'refs/heads/main', before: '0'.repeat(40), after: sha, repository: { full_name: 'acme/web' }, head_commit: { id: sha }, commits: [] },
      { 'x-github-event': 'push', 'x-github-delivery': crypto.randomUUID() },
    );
    expect(r.status).toBe(202);
    expect(r.json['events']).toEqual([{ kind: 'git', repo: 'acme/web', ref: 'refs/heads/main', commit: sha }]);
  });

  it('records but never acts on deliveries from Slipway’s own hooks (loop rule)', async () => {
    const x = await harness();
    x.addProject('localhost:5000/acme/web', [{ name: 'dev' }], 'web');
    const r = await x.post({ image: 'localhost:5000/acme/web:1' }, { 'user-agent': 'Slipway-Hookshot/1.0', 'x-slipway-hook-id': '3' });
    expect(r.status).toBe(200);
    expect(r.json['ignored']).toMatch(/Slipway hook/);
    expect(x.deploys).toEqual([]);
    expect((await handlers(x)['deliveries.list']({ limit: 1 })).deliveries[0]?.verdict).toBe('own');
  });
});

describe('webhook intake: signatures', () => {
  it('refuses unsigned or wrongly signed requests with 401 once a secret is set; records them; deploys nothing', async () => {
    const x = await harness();
    x.addProject('ghcr.io/acme/web', [{ name: 'dev' }], 'web');
    await handlers(x)['webhook.setSecret']({ kind: 'github', secret: 'It’s a Secret to Everybody' });
    const pkg = githubPackage({ tag: 'v1', digest: digestOf('1') });

    const unsigned = await x.post(pkg.body, pkg.headers);
    expect(unsigned.status).toBe(401);
    const wrong = await x.post(pkg.body, { ...pkg.headers, 'x-hub-signature-256': hubSignature('nope', pkg.body) });
    expect(wrong.status).toBe(401);
    expect(x.deploys).toEqual([]);

    const good = await x.post(pkg.body, { ...pkg.headers, 'x-hub-signature-256': hubSignature('It’s a Secret to Everybody', pkg.body) });
    expect(good.status).toBe(202);
    expect(x.deploys).toHaveLength(1);

    const [ok, bad] = (await handlers(x)['deliveries.list']({ limit: 3 })).deliveries;
    expect(ok).toMatchObject({ verdict: 'accepted', signature: 'valid' });
    expect(bad).toMatchObject({ verdict: 'unauthorized', status: 401, signature: 'invalid' });
    const rec = await handlers(x)['deliveries.get']({ id: bad!.id });
    expect(rec.headers?.['x-hub-signature-256']).toBe('sha256=[masked]');
    expect(JSON.stringify(rec)).not.toContain(hubSignature('nope', pkg.body).slice(7));
    expect(rec.body).toBe(pkg.body);
    await expect(handlers(x)['deliveries.replay']({ id: bad!.id })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(x.events.some((e) => e.type === 'webhook.unauthorized')).toBe(true);
  });

  it('checks a registry’s Authorization header and the generic one; never shows the secrets', async () => {
    const x = await harness();
    await handlers(x)['webhook.setSecret']({ kind: 'registry', secret: 'Bearer reg-token-123456' });
    const push = distributionPush({ host: 'localhost:5000', repository: 'acme/web', tag: '1', digest: digestOf('2') });
    expect((await x.post(push.body, push.headers)).status).toBe(401);
    expect((await x.post(push.body, { ...push.headers, authorization: 'Bearer reg-token-123456' })).status).toBe(202);
    const states = await handlers(x)['webhook.secrets']({});
    expect(states.secrets.find((s) => s.kind === 'registry')).toMatchObject({ configured: true, hint: '…3456' });
    expect(JSON.stringify(states)).not.toContain('reg-token');
    await handlers(x)['webhook.setSecret']({ kind: 'registry', secret: null });
    expect((await x.post(push.body, push.headers)).status).toBe(200); // same event id: a duplicate now
  });
});

describe('webhook intake: idempotency and replay', () => {
  it('treats a repeated stable delivery id as a duplicate and never deploys twice', async () => {
    const x = await harness();
    x.addProject('ghcr.io/acme/web', [{ name: 'dev' }], 'web');
    const pkg = githubPackage({ tag: 'v1', digest: digestOf('3'), delivery: 'fixed-guid-1' });
    const first = await x.post(pkg.body, pkg.headers);
    const again = await x.post(pkg.body, pkg.headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json['ignored']).toBe(`already received as delivery ${String(first.json['delivery'])}`);
    expect(x.deploys).toHaveLength(1);
  });

  it('dedupes bodies of senders without a stable id, and the same (repository, tag, digest) never deploys twice to a stage', async () => {
    const x = await harness();
    const p = x.addProject('localhost:5000/acme/web', [{ name: 'dev' }], 'web');
    const body = { image: `localhost:5000/acme/web:1.0@${digestOf('4')}` };
    expect((await x.post(body)).status).toBe(202);
    expect((await x.post(body)).json['ignored']).toMatch(/already received/);
    // Another sender (another event id) reports the same tag and digest: a semantic duplicate.
    const push = distributionPush({ host: 'localhost:5000', repository: 'acme/web', tag: '1.0', digest: digestOf('4') });
    const r = await x.post(push.body, push.headers);
    expect(r.status).toBe(202);
    expect((r.json['events'] as { matches: unknown[] }[])[0]?.matches).toEqual([{ project: 'web', stage: 'dev', action: 'duplicate' }]);
    // The same tag with a new digest (a re-push) is new.
    const moved = distributionPush({ host: 'localhost:5000', repository: 'acme/web', tag: '1.0', digest: digestOf('5') });
    await x.post(moved.body, moved.headers);
    expect(x.deploys.map((d) => [d.stageId, d.digest])).toEqual([
      [p.stages['dev'], digestOf('4')],
      [p.stages['dev'], digestOf('5')],
    ]);
  });

  it('replays a recorded delivery as a new one, after the project was set up', async () => {
    const x = await harness({ settings: { autoCreate: false } });
    const push = distributionPush({ host: 'localhost:5000', repository: 'acme/late', tag: 'v3', digest: digestOf('6') });
    const r = await x.post(push.body, push.headers);
    expect(x.deploys).toEqual([]);
    x.addProject('localhost:5000/acme/late', [{ name: 'dev' }], 'late');
    const replayed = DeliverySummarySchema.parse(await handlers(x)['deliveries.replay']({ id: r.json['delivery'] as number }));
    expect(replayed).toMatchObject({ verdict: 'accepted', replayOf: r.json['delivery'], signature: 'replayed' });
    expect(x.deploys.map((d) => d.tag)).toEqual(['v3']);
    // Replaying again finds the deploy already done for that digest.
    const twice = await handlers(x)['deliveries.replay']({ id: r.json['delivery'] as number });
    expect(twice.events[0]).toMatchObject({ matches: [{ action: 'duplicate' }] });
    expect(x.deploys).toHaveLength(1);
  });

  it('waits out a minimum image age before queueing the deploy', async () => {
    const x = await harness({ settings: { minImageAgeSeconds: 1 } });
    x.addProject('localhost:5000/acme/web', [{ name: 'dev' }], 'web');
    const r = await x.post({ image: `localhost:5000/acme/web:2@${digestOf('7')}` });
    const rec = await handlers(x)['deliveries.get']({ id: r.json['delivery'] as number });
    const m = rec.events[0]?.kind === 'image' ? rec.events[0].matches[0] : undefined;
    expect(m?.action).toBe('deploy');
    expect(m?.notBefore).toBeGreaterThan(Date.now() - 100);
    expect(x.deploys).toEqual([]);
    await until(() => x.deploys.length === 1, 'the owed deploy', 5000);
    expect(x.deploys[0]).toMatchObject({ tag: '2', digest: digestOf('7') });
  });

  it('queues a deploy that was recorded but never handed over (a crash in between)', async () => {
    const x = await harness();
    const p = x.addProject('localhost:5000/acme/web', [{ name: 'dev' }], 'web');
    x.db
      .prepare(`INSERT INTO tag_actions(stage_id, tag, digest, action, source, reason, created_at) VALUES (?, 'v9', ?, 'deploy', 'webhook', 'webhook delivery 1', ?)`)
      .run(p.stages['dev'], digestOf('9'), Date.now());
    x.detection.deployerReady();
    await until(() => x.deploys.length === 1, 'the owed deploy', 5000);
    expect(x.deploys[0]).toMatchObject({ stageId: p.stages['dev'], tag: 'v9', digest: digestOf('9'), trigger: 'webhook' });
    // Handed over once only.
    x.detection.deployerReady();
    await new Promise((r) => setTimeout(r, 100));
    expect(x.deploys).toHaveLength(1);
  });
});

describe('webhook intake: auto-create', () => {
  it('creates a project from the image (EXPOSE port, HEALTHCHECK) and deploys to its dev stage', async () => {
    const engine = requireEngine();
    if (!engine.available) return;
    const repo = `${engine.registry}/it-webhook/auto-${String(Date.now() % 100000)}`;
    const app = await buildTestApp({ repository: repo, tag: 'v1', expose: 8081, healthcheck: true });
    const x = await harness();
    const r = await x.post({ image: `${repo}:v1` });
    expect(r.status).toBe(202);
    const name = repo.split('/').pop();
    expect(r.json['events']).toEqual([{ kind: 'image', repository: repo, tag: 'v1', digest: app.digest, matches: [{ project: name, stage: 'dev', action: 'deploy' }] }]);
    const row = x.db.prepare('SELECT port, health FROM projects WHERE image = ?').get(repo) as { port: number; health: string };
    expect(row.port).toBe(8081);
    expect(JSON.parse(row.health)).toMatchObject({ kind: 'docker' });
    const stage = x.db.prepare('SELECT name, tag_pattern, auto_deploy, max_instances FROM stages WHERE project_id = (SELECT id FROM projects WHERE image = ?)').get(repo);
    expect(stage).toEqual({ name: 'dev', tag_pattern: '*', auto_deploy: 1, max_instances: 1 });
    expect(x.deploys).toMatchObject([{ tag: 'v1', digest: app.digest }]);
    expect(x.events.find((e) => e.type === 'project.auto-created')).toBeDefined();
  });

  it('creates the project even when the image config cannot be read, port unknown and the reason recorded', async () => {
    const engine = requireEngine();
    if (!engine.available) return;
    const x = await harness();
    const path = `it-webhook/no-config-${String(Date.now() % 100000)}`;
    const repo = `${engine.registry}/${path}`;
    await pushTinyImage(engine.registry, path, 'v1');
    // The manifest is there (the tag resolves), but its config blob is gone.
    const manifest = (await (await fetch(`http://${engine.registry}/v2/${path}/manifests/v1`, { headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' } })).json()) as { config: { digest: string } };
    const gone = await fetch(`http://${engine.registry}/v2/${path}/blobs/${manifest.config.digest}`, { method: 'DELETE' });
    expect(gone.status).toBe(202); // the rig's registry allows deletes
    const r = await x.post({ image: `${repo}:v1` });
    expect(r.status).toBe(202);
    const rec = await handlers(x)['deliveries.get']({ id: r.json['delivery'] as number });
    expect(rec.events[0]).toMatchObject({ created: { note: expect.stringContaining('could not be inspected') }, matches: [{ stage: 'dev', action: 'deploy' }] });
    expect(x.db.prepare('SELECT port FROM projects WHERE image = ?').get(repo)).toEqual({ port: null });
    expect(x.events.find((e) => e.type === 'project.auto-created')?.level).toBe('warn');
  });

  it('creates one project however many deliveries name the repository at once, and none when switched off', async () => {
    const engine = requireEngine();
    if (!engine.available) return;
    const x = await harness();
    const path = `it-webhook/burst-${String(Date.now() % 100000)}`;
    const repo = `${engine.registry}/${path}`;
    for (let i = 0; i < 5; i++) await pushTinyImage(engine.registry, path, `t${String(i)}`);
    await Promise.all(Array.from({ length: 5 }, (_, i) => x.post({ image: `${repo}:t${String(i)}` })));
    expect(x.db.prepare('SELECT count(*) AS n FROM projects WHERE image = ?').get(repo)).toEqual({ n: 1 });
    x.setSettings({ autoCreate: false });
    await x.post({ image: 'localhost:5000/it-webhook/off:1' });
    expect(x.db.prepare('SELECT count(*) AS n FROM projects WHERE image = ?').get('localhost:5000/it-webhook/off')).toEqual({ n: 0 });
  });
});

describe('deliveries.list', () => {
  it('pages newest first and filters by verdict and vendor', async () => {
    const x = await harness();
    for (let i = 0; i < 5; i++) await x.post({ image: `localhost:5000/acme/p:${String(i)}` });
    await x.post('nope', { 'content-type': 'text/html' });
    const all = await handlers(x)['deliveries.list']({ limit: 3 });
    expect(all.deliveries).toHaveLength(3);
    const next = await handlers(x)['deliveries.list']({ limit: 10, beforeId: all.deliveries[2]!.id });
    expect(next.deliveries).toHaveLength(3);
    expect((await handlers(x)['deliveries.list']({ limit: 10, verdict: 'invalid' })).deliveries).toHaveLength(1);
    expect((await handlers(x)['deliveries.list']({ limit: 10, vendor: 'generic' })).deliveries.length).toBeGreaterThanOrEqual(5);
  });
});

describe('delivery push', () => {
  it('tells the live view about each recorded delivery', async () => {
    const x = await harness();
    const r = await x.post({ image: 'localhost:5000/acme/live:1' });
    expect(x.pushed.map((d) => d.id)).toContain(r.json['delivery']);
    expect(x.pushed.at(-1)).toMatchObject({ verdict: 'accepted', vendor: 'generic' });
  });
});

describe('listener address in settings (full app)', () => {
  it('moves the listener when the port changes, and stays put when the new port is taken', async () => {
    const { startApp, stopApp, tempDir } = await import('./hooks-support');
    const { freePort } = await import('./registry-servers');
    const dataDir = tempDir('slipway-webhook-app-');
    const app = await startApp(dataDir);
    try {
      const call = async (m: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> => app.dispatch(m, input);
      const before = (await call('webhook.info', {})).value as { url: string; port: number };
      expect((await fetch(before.url, { method: 'POST', body: '{"image":"localhost:5000/x/y:1"}', headers: { 'content-type': 'application/json' } })).status).toBe(202);

      const port = await freePort();
      const moved = await call('settings.update', { webhookPort: port });
      expect(moved.ok).toBe(true);
      const after = (await call('webhook.info', {})).value as { url: string; port: number };
      expect(after.port).toBe(port);
      expect((await fetch(after.url, { method: 'POST', body: '{"image":"localhost:5000/x/y:2"}', headers: { 'content-type': 'application/json' } })).status).toBe(202);
      await expect(fetch(before.url, { method: 'POST', body: '{}' })).rejects.toThrow();

      // A port someone else holds: refused with PORT_TAKEN, the listener and the setting stay where they were.
      const blocker = (await import('node:http')).createServer();
      const taken = await freePort();
      await new Promise<void>((r) => blocker.listen(taken, '127.0.0.1', r));
      try {
        const refused = await call('settings.update', { webhookPort: taken });
        expect(refused).toMatchObject({ ok: false, error: { code: 'PORT_TAKEN' } });
        expect(((await call('settings.get', {})).value as { webhookPort: number }).webhookPort).toBe(port);
        expect((await fetch(after.url, { method: 'POST', body: '{"image":"localhost:5000/x/y:3"}', headers: { 'content-type': 'application/json' } })).status).toBe(202);
      } finally {
        blocker.close();
      }
    } finally {
      await stopApp(app);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
