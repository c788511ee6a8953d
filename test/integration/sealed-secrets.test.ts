import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { migrate } from '../../main/store/migrate';
import { migrations } from '../../main/store/migrations';
import { Receiver, startApp, stopApp, tempDir, waitFor } from './hooks-support';
import { digestOf, githubPackage, hubSignature } from './webhook-support';

const apps: App[] = [];
const dirs: string[] = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await stopApp(a).catch(() => undefined);
  for (const r of receivers.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const mode = (p: string): number => fs.statSync(p).mode & 0o777;

/** A data directory as the previous version left it: schema 6, secrets as written, readable by others. */
function oldInstall(secrets: { webhook: string; github: string; hook: string; hookUrl: string }): string {
  const dataDir = tempDir('slw-sealed-');
  dirs.push(dataDir);
  const db = new Database(path.join(dataDir, 'slipway.db'));
  db.pragma('journal_mode = WAL');
  migrate(db, migrations, 6);
  const set = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?)');
  set.run('internal:webhookSecret', secrets.webhook);
  set.run('internal:vendorSecrets', JSON.stringify({ github: secrets.github }));
  set.run('autoCreate', 'false');
  db.prepare('INSERT INTO hooks(url, events, secret, enabled, created_at) VALUES (?, NULL, ?, 1, ?)').run(secrets.hookUrl, secrets.hook, Date.now());
  db.close();
  fs.chmodSync(dataDir, 0o755);
  fs.chmodSync(path.join(dataDir, 'slipway.db'), 0o644);
  return dataDir;
}

describe('secrets and files at rest', () => {
  it('an old store with plain secrets is sealed by migration 007, made private, and still verifies and signs', async () => {
    const receiver = await new Receiver().start();
    receivers.push(receiver);
    const secrets = { webhook: randomUUID(), github: `gh-${randomBytes(8).toString('hex')}`, hook: `whsec_${randomBytes(24).toString('base64')}`, hookUrl: receiver.url };
    const dataDir = oldInstall(secrets);

    const app = await startApp(dataDir);
    apps.push(app);

    // private: the directory 0700, the store and its -wal/-shm 0600, and the user was told
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['slipway.db', 'slipway.db-wal', 'slipway.db-shm']) expect(mode(path.join(dataDir, f))).toBe(0o600);
    expect(app.startupNotices.join('\n')).toMatch(/mode 755\); it is now 0700/);
    expect(app.replayEvents(0, 100).some((e) => e.type === 'data-dir.tightened')).toBe(true);

    // sealed: no secret as written in the store any more
    const rows = app.db.prepare<[], { key: string; value: string }>("SELECT key, value FROM settings WHERE key LIKE 'internal:%Secret%'").all();
    expect(rows.map((r) => r.key).sort()).toEqual(['internal:vendorSecrets', 'internal:webhookSecret']);
    for (const r of rows) expect(r.value).toMatch(/^key-file\.v1:/);
    expect(app.db.prepare<[], { secret: string }>('SELECT secret FROM hooks').get()?.secret).toMatch(/^key-file\.v1:/);
    expect(mode(path.join(dataDir, 'secret.key'))).toBe(0o600);

    // still verifies: the same webhook URL, a GitHub signature with the old secret
    expect(app.listener.url()).toContain(secrets.webhook);
    const pkg = githubPackage({ tag: 'v1', digest: digestOf('1') });
    const post = (headers: Record<string, string>): Promise<Response> => fetch(app.listener.url(), { method: 'POST', headers: { ...pkg.headers, ...headers }, body: pkg.body });
    expect((await post({ 'x-hub-signature-256': hubSignature('wrong', pkg.body) })).status).toBe(401);
    expect((await post({ 'x-hub-signature-256': hubSignature(secrets.github, pkg.body) })).status).not.toBe(401);

    // still signs: the receiver verifies the delivery with the whsec_ secret it was given back then
    app.bus.emit({ type: 'deploy.succeeded', message: 'web dev: 1.0 is live', projectId: 1, stageId: 1, deployId: 1 });
    const got = await waitFor('a hook delivery', () => receiver.received[0]);
    const headers = Object.fromEntries(Object.entries(got.headers).map(([k, v]) => [k, String(v)]));
    expect(() => new Webhook(secrets.hook).verify(got.body, headers)).not.toThrow();

    // and after a clean stop nothing of the plain secrets is left in the store's bytes
    await stopApp(app);
    apps.splice(0);
    const files = ['slipway.db', 'slipway.db-wal'].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f));
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(0);
    for (const plain of [secrets.webhook, secrets.github, secrets.hook]) expect(bytes.includes(plain)).toBe(false);
  });

  it('a new install is private from the first start and seals what it makes', async () => {
    const dataDir = path.join(tempDir('slw-fresh-'), 'nested', 'data');
    dirs.push(path.dirname(path.dirname(dataDir)));
    const app = await startApp(dataDir);
    apps.push(app);
    expect(mode(dataDir)).toBe(0o700);
    expect(app.startupNotices).toEqual([]);
    const stored = app.db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'internal:webhookSecret'").get()?.value ?? '';
    expect(stored).toMatch(/^key-file\.v1:/);
    const hook = await app.dispatch('hooks.create', { url: 'http://127.0.0.1:9/x' });
    expect(hook.ok).toBe(true);
    expect(app.db.prepare<[], { secret: string }>('SELECT secret FROM hooks').get()?.secret).toMatch(/^key-file\.v1:/);
    const withCredentials = await app.dispatch('hooks.create', { url: 'http://user:hunter2@127.0.0.1:9/x' });
    expect(withCredentials).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(withCredentials)).not.toContain('hunter2');
    expect((withCredentials as { error: { message: string } }).error.message).toMatch(/user name or password/);
  });
});
