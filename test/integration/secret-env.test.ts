import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { migrate } from '../../main/store/migrate';
import { migrations } from '../../main/store/migrations';
import { describeEngine } from '../rig/engine-available';
import { containerEnv } from '../rig/container-env';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, removeInstallContainers, shutdownProxy, startApp, tempDir } from './deploy-support';
import { Receiver, stopApp, waitFor } from './hooks-support';

const REPO = 'localhost:5000/it-harden/secret-env';
const token = (what: string): string => `${what}-${randomBytes(12).toString('hex')}`;

/** Every byte of the store on disk (after a checkpoint, so nothing hides only in the WAL). */
function storeBytes(app: App, dataDir: string): Buffer {
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  return Buffer.concat(['slipway.db', 'slipway.db-wal'].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describeEngine('secret environment variables', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slw-it-secret-env-');
  let app: App;

  beforeAll(async () => {
    await buildTestApp({ repository: REPO, tag: 'se-v1' });
    await buildTestApp({ repository: REPO, tag: 'se-v2' });
    app = await startApp(dataDir);
  });

  afterAll(async () => {
    const installId = app.deployments.installId;
    await app.stop();
    await shutdownProxy(dataDir);
    await removeInstallContainers(docker, installId);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('are sealed at rest, never answered or logged, kept on edits, and given to the container', async () => {
    const apiToken = token('tok');
    const dbPassword = token('pw');
    const rotated = token('pw2');
    const created = await call(app, 'projects.create', {
      image: REPO,
      name: 'harden-secret-env',
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      env: { PLAIN: 'one' },
      secretEnv: { API_TOKEN: apiToken },
      stages: [{ name: 'dev', tagPattern: 'se-*', env: { STAGE_PLAIN: 's' }, secretEnv: { DB_PASSWORD: dbPassword } }],
    });
    const stageId = created.stages[0]?.id ?? 0;
    expect(created.env).toEqual({ PLAIN: 'one' });
    expect(created.secretEnv).toEqual({ API_TOKEN: null });
    expect(created.stages[0]?.secretEnv).toEqual({ DB_PASSWORD: null });

    // An edit that leaves secrets out, or sends them back as null, keeps them.
    await call(app, 'projects.update', { id: created.id, env: { PLAIN: 'two' } });
    await call(app, 'stages.update', { stageId, env: { STAGE_PLAIN: 's2' }, secretEnv: { DB_PASSWORD: null } });
    // A secret cannot be overwritten as a plain value by accident.
    expect((await callError(app, 'projects.update', { id: created.id, env: { API_TOKEN: 'oops' } })).message).toMatch(/API_TOKEN is a secret variable/);

    const first = await call(app, 'stages.deploy', { stageId, tag: 'se-v1', wait: true });
    expect(first.status).toBe('succeeded');
    const live1 = (await call(app, 'projects.get', { id: created.id })).stages[0]?.live;
    expect(await containerEnv(docker, live1?.containerId ?? '')).toMatchObject({ PLAIN: 'two', API_TOKEN: apiToken, STAGE_PLAIN: 's2', DB_PASSWORD: dbPassword });

    // Replacing a stage secret reaches the next container.
    const stage = await call(app, 'stages.update', { stageId, secretEnv: { DB_PASSWORD: rotated } });
    expect(stage.secretEnv).toEqual({ DB_PASSWORD: null });
    expect((await call(app, 'stages.deploy', { stageId, tag: 'se-v2', wait: true })).status).toBe('succeeded');
    const live2 = (await call(app, 'projects.get', { id: created.id })).stages[0]?.live;
    expect(live2?.containerId).not.toBe(live1?.containerId);
    expect(await containerEnv(docker, live2?.containerId ?? '')).toMatchObject({ API_TOKEN: apiToken, DB_PASSWORD: rotated });

    // Never answered, never in an event, never as written in the store.
    const answers = JSON.stringify([await call(app, 'projects.list', {}), await call(app, 'projects.get', { id: created.id }), stage, first]);
    const events = JSON.stringify(app.replayEvents(0, 10_000));
    const bytes = storeBytes(app, dataDir);
    for (const secret of [apiToken, dbPassword, rotated]) {
      expect(answers).not.toContain(secret);
      expect(events).not.toContain(secret);
      expect(bytes.includes(secret)).toBe(false);
    }
    const sealed = app.db.prepare<[number], { secret_env: string }>('SELECT secret_env FROM projects WHERE id = ?').get(created.id)?.secret_env ?? '';
    expect(JSON.parse(sealed)).toEqual({ API_TOKEN: expect.stringMatching(/^key-file\.v1:/) as unknown });

    // Removing a secret: secretEnv without it.
    const cleared = await call(app, 'projects.update', { id: created.id, secretEnv: {} });
    expect(cleared.secretEnv).toEqual({});
    expect((await callError(app, 'projects.update', { id: created.id, secretEnv: { API_TOKEN: null } })).message).toMatch(/secretEnv\.API_TOKEN: there is no saved value to keep/);
  });

  it('refuses, when saving, an absolute volume whose symbolic link leads out of the allowed roots', async () => {
    const root = tempDir('slw-it-roots-');
    try {
      fs.mkdirSync(path.join(root, 'real'));
      fs.symlinkSync('/', path.join(root, 'escape'));
      // The usual socket path (dangling here: the rig's engine listens elsewhere) and the rig's own socket.
      fs.symlinkSync('/var/run/docker.sock', path.join(root, 'sock'));
      fs.symlinkSync('/tmp/slw/docker.sock', path.join(root, 'rig-sock'));
      fs.symlinkSync(path.join(root, 'real'), path.join(root, 'inside'));
      await call(app, 'settings.update', { allowedVolumeRoots: [root] });
      const vol = (source: string) => [{ scope: 'absolute' as const, source, target: '/data' }];

      const escape = await callError(app, 'projects.create', { image: REPO, name: 'harden-link-escape', volumes: vol(path.join(root, 'escape', 'etc')) });
      expect(escape.code).toBe('FORBIDDEN_PATH');
      expect(escape.message).toContain(`${path.join(root, 'escape', 'etc')} leads to /etc through a symbolic link`);
      for (const link of ['sock', 'rig-sock']) {
        expect((await callError(app, 'projects.create', { image: REPO, name: 'harden-link-sock', volumes: vol(path.join(root, link)) })).code).toBe('FORBIDDEN_PATH');
      }
      expect((await call(app, 'projects.list', {})).projects.map((p) => p.name)).not.toContain('harden-link-escape');

      // A link that stays inside a root is fine; moving it out later is refused on update too.
      const ok = await call(app, 'projects.create', { image: REPO, name: 'harden-link-ok', volumes: vol(path.join(root, 'inside', 'uploads')) });
      expect(ok.volumes[0]?.source).toBe(path.join(root, 'inside', 'uploads'));
      const moved = await callError(app, 'projects.update', { id: ok.id, volumes: vol(path.join(root, 'escape')) });
      expect(moved.code).toBe('FORBIDDEN_PATH');
      expect((await call(app, 'projects.get', { id: ok.id })).volumes[0]?.source).toBe(path.join(root, 'inside', 'uploads'));
      await call(app, 'projects.remove', { id: ok.id, purgeData: false });
    } finally {
      await call(app, 'settings.update', { allowedVolumeRoots: [] });
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('hooks stored with credentials in their URL (before they were refused)', () => {
  const dirs: string[] = [];
  const receivers: Receiver[] = [];
  let app: App | null = null;
  afterEach(async () => {
    if (app) await stopApp(app);
    app = null;
    for (const r of receivers.splice(0)) await r.stop();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('keep working: migration 011 moves the credentials to a sealed Basic header and out of the URL and old events', async () => {
    const receiver = await new Receiver().start();
    receivers.push(receiver);
    const password = `p@ss-${randomBytes(8).toString('hex')}`;
    const plainUrl = receiver.url;
    const oldUrl = plainUrl.replace('http://', `http://ci-user:${encodeURIComponent(password)}@`);
    const dataDir = tempDir('slw-it-hook-creds-');
    dirs.push(dataDir);
    // The store as the previous version left it: schema 10, the URL as written, an event that quoted it.
    const db = new Database(path.join(dataDir, 'slipway.db'));
    db.pragma('journal_mode = WAL');
    migrate(db, migrations, 10);
    db.prepare("INSERT INTO hooks(url, events, secret, enabled, created_at, kind) VALUES (?, NULL, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 1, ?, 'webhook')").run(oldUrl, Date.now());
    db.prepare("INSERT INTO events(ts, type, level, message, data) VALUES (?, 'hook.disabled', 'warn', ?, ?)").run(Date.now(), `Hook to ${oldUrl} turned off`, JSON.stringify({ url: oldUrl }));
    db.close();

    app = await startApp(dataDir);
    const hooks = await call(app, 'hooks.list', {});
    expect(hooks.hooks[0]).toMatchObject({ url: plainUrl, basicAuth: true });
    const row = app.db.prepare<[], { url: string; basic_auth: string }>('SELECT url, basic_auth FROM hooks').get();
    expect(row?.url).toBe(plainUrl);
    expect(row?.basic_auth).toMatch(/^key-file\.v1:/);
    expect(JSON.stringify(app.replayEvents(0, 1000))).not.toContain(password);
    expect(JSON.stringify(app.replayEvents(0, 1000))).toContain(`Hook to ${plainUrl} turned off`);

    // Deliveries still authenticate as before: the same user and password, as a Basic header.
    app.bus.emit({ type: 'deploy.succeeded', message: 'web dev: 1.0 is live', projectId: 1, stageId: 1, deployId: 1 });
    const got = await waitFor('a hook delivery', () => receiver.received[0]);
    expect(got.headers.authorization).toBe(`Basic ${Buffer.from(`ci-user:${password}`).toString('base64')}`);
    expect(storeBytes(app, dataDir).includes(password)).toBe(false);

    // Pointing the hook at another server drops the credentials; the same server keeps them.
    const id = hooks.hooks[0]?.id ?? 0;
    expect((await call(app, 'hooks.update', { id, url: `${plainUrl}?v=2` })).basicAuth).toBe(true);
    expect((await call(app, 'hooks.update', { id, url: 'http://127.0.0.1:9/elsewhere' })).basicAuth).toBe(false);
  });
});
