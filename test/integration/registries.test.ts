import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app';
import { AppError } from '../../main/dispatch/app-error';
import { createRegistries } from '../../main/registry-logins/create';
import type { MethodInput, MethodName, MethodOutput, RpcError } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker, type TestApp } from '../rig/fixtures';
import { type StartedRegistry, startRegistry, writeHtpasswd } from './registry-servers';

const USER = 'carol';
// Unique per run, so finding it in a file can only mean Slipway wrote it there.
const PASSWORD = `pw-${randomUUID()}`;
const WRONG = `nope-${randomUUID()}`;

async function ok<M extends MethodName>(app: App, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message}`);
  return r.value as MethodOutput<M>;
}

async function fails<M extends MethodName>(app: App, method: M, input: MethodInput<M>): Promise<RpcError> {
  const r = await app.dispatch(method, input);
  if (r.ok) throw new Error(`${method} succeeded, expected an error: ${JSON.stringify(r.value)}`);
  return r.error;
}

/** Pushes a locally built test app into the registry as the given user. */
async function push(docker: Docker, app: TestApp, registry: string): Promise<string> {
  const stream = await docker.getImage(app.repository).push({ tag: app.tag, authconfig: { username: USER, password: PASSWORD, serveraddress: registry } });
  const out = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: { error?: string; aux?: { Digest?: string } }[]) => (err ? reject(err) : resolve(events)));
  });
  const failed = out.find((o) => o.error);
  if (failed) throw new Error(`push of ${app.ref} failed: ${failed.error ?? ''}`);
  const digest = out.find((o) => o.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${app.ref} reported no digest`);
  return digest;
}

/** Every byte SQLite keeps for the store: the database, its write-ahead log and shared memory. */
function storeBytes(dataDir: string): Buffer {
  return Buffer.concat(
    ['slipway.db', 'slipway.db-wal', 'slipway.db-shm'].map((f) => join(dataDir, f)).filter((f) => existsSync(f)).map((f) => readFileSync(f)),
  );
}

describeEngine('registry credentials against a real registry with basic auth', () => {
  const docker = rigDocker();
  const work = mkdtempSync(join(tmpdir(), 'slw-creds-'));
  const dataDir = join(work, 'data');
  const keyFile = join(dataDir, 'secret.key');
  const previousDockerConfig = process.env['DOCKER_CONFIG'];
  const digests = new Map<string, string>();
  const built: TestApp[] = [];
  let reg: StartedRegistry;
  let app: App;
  let image: string;

  beforeAll(async () => {
    // An empty Docker config: only what Slipway saved can authenticate, whatever this machine's `docker login` holds.
    process.env['DOCKER_CONFIG'] = join(work, 'docker-config');
    const htpasswd = join(work, 'htpasswd');
    writeHtpasswd(htpasswd, { [USER]: PASSWORD });
    reg = await startRegistry(join(work, 'registry'), `auth: { htpasswd: { realm: slipway-test, path: ${htpasswd} } }`);
    image = `${reg.name}/acme/web`;
    for (const [tag, healthcheck] of [['1.0', false], ['1.1', true]] as const) {
      const t = await buildTestApp({ repository: image, tag, push: false, healthcheck }, docker);
      built.push(t);
      digests.set(tag, await push(docker, t, reg.name));
    }
    // Not started: these calls need neither the engine connection nor the listener.
    app = createApp({ dataDir, mode: 'headless', version: '0.0.0-test' });
  });

  afterAll(async () => {
    await app.stop();
    for (const t of built) await docker.getImage(t.ref).remove({ force: true }).catch(() => undefined);
    await reg.stop();
    rmSync(work, { recursive: true, force: true });
    if (previousDockerConfig === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = previousDockerConfig;
  });

  it('refuses hosts that are not host[:port], saying what one looks like', async () => {
    const cases: [string, RegExp][] = [
      ['https://ghcr.io', /leave out the scheme/],
      ['ghcr.io/acme', /without a path/],
      ['acme', /has a dot or a port, or is "localhost"/],
      ['localhost:99999', /at most 65535/],
      ['bad_host.io', /not a valid host\[:port\]/],
    ];
    for (const [host, why] of cases) {
      const e = await fails(app, 'registries.save', { host, username: USER, password: PASSWORD });
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(why);
    }
    expect((await ok(app, 'registries.list', {})).registries).toEqual([]);
  });

  it('without credentials the registry refuses, and the answer says where to add them', async () => {
    const e = await fails(app, 'registry.tags', { image });
    expect(e.code).toBe('REGISTRY_ERROR');
    expect(e.message).toContain('add credentials in Settings → Registries');
    expect(await ok(app, 'registries.test', { host: reg.name })).toMatchObject({ ok: false, verdict: 'unauthorized', credentialsFrom: 'none' });
  });

  it('tests credentials before they are saved', async () => {
    const wrong = await ok(app, 'registries.test', { host: reg.name, username: USER, password: WRONG });
    expect(wrong).toMatchObject({ ok: false, verdict: 'unauthorized', authenticated: false, credentialsFrom: 'given' });
    expect(wrong.message).toMatch(/rejected the credentials; update them in Settings → Registries/);
    expect(await ok(app, 'registries.test', { host: reg.name, username: USER, password: PASSWORD })).toMatchObject({
      ok: true,
      verdict: 'ok',
      authenticated: true,
      credentialsFrom: 'given',
    });
    // Testing saves nothing.
    expect((await ok(app, 'registries.list', {})).registries).toEqual([]);
  });

  it('saved credentials make the test answer ok and the tag picker list the tags, newest first with digests', async () => {
    const saved = await ok(app, 'registries.save', { host: ` ${reg.name.toUpperCase()} `, username: USER, password: PASSWORD });
    expect(saved).toMatchObject({ host: reg.name, username: USER, hasSecret: true, problem: null, lastTest: null });
    expect(JSON.stringify(saved)).not.toContain(PASSWORD);

    const tested = await ok(app, 'registries.test', { host: reg.name });
    expect(tested).toMatchObject({ ok: true, verdict: 'ok', authenticated: true, credentialsFrom: 'saved' });
    const listed = await ok(app, 'registries.list', {});
    expect(listed.registries).toHaveLength(1);
    expect(listed.registries[0]?.lastTest).toMatchObject({ verdict: 'ok', message: tested.message });
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);

    const tags = await ok(app, 'registry.tags', { image: `${image}:ignored` });
    expect(tags).toEqual({
      image,
      tags: [
        { tag: '1.1', digest: digests.get('1.1'), updatedAt: null },
        { tag: '1.0', digest: digests.get('1.0'), updatedAt: null },
      ],
      total: 2,
      truncated: false,
    });
    expect(await ok(app, 'registry.tags', { image, limit: 1 })).toMatchObject({ tags: [{ tag: '1.1' }], total: 2, truncated: true });
    // The new-project form's older call goes through the same client and credentials.
  });

  it('inspects an image for the new-project form: port and health check to pre-fill', async () => {
    const withCheck = await ok(app, 'registry.inspect', { image, tag: '1.1' });
    expect(withCheck).toMatchObject({
      image,
      tag: '1.1',
      digest: digests.get('1.1'),
      exposedPorts: [8080],
      suggestedPort: 8080,
      suggestedHealth: { kind: 'docker', timeoutMs: 60_000 },
      healthcheck: { intervalMs: 1000, timeoutMs: 2000, retries: 2 },
    });
    const without = await ok(app, 'registry.inspect', { image, tag: '1.0' });
    expect(without).toMatchObject({ healthcheck: null, suggestedPort: 8080, suggestedHealth: { kind: 'http', path: '/', anyStatus: true } });
    const missing = await fails(app, 'registry.inspect', { image, tag: '9.9' });
    expect(missing.code).toBe('REGISTRY_ERROR');
    expect(missing.message).toContain(`${image}:9.9 was not found on ${reg.name}`);
  });

  it('a wrong saved password answers unauthorized, says to fix the credentials, and keeps the verdict', async () => {
    await ok(app, 'registries.save', { host: reg.name, username: USER, password: WRONG });
    const tested = await ok(app, 'registries.test', { host: reg.name });
    expect(tested).toMatchObject({ ok: false, verdict: 'unauthorized', credentialsFrom: 'saved' });
    expect(tested.message).toMatch(/rejected the credentials; update them in Settings → Registries/);
    expect((await ok(app, 'registries.list', {})).registries[0]?.lastTest).toMatchObject({ verdict: 'unauthorized' });
    // The shared client dropped what it had cached for the old password: polls and pickers see the change at once.
    const e = await fails(app, 'registry.tags', { image });
    expect(e.message).toMatch(/rejected the credentials; update them in Settings → Registries/);

    const fixed = await ok(app, 'registries.save', { host: reg.name, username: USER, password: PASSWORD });
    expect(fixed.lastTest).toBeNull(); // that verdict was about the old password
    expect((await ok(app, 'registry.tags', { image })).tags.map((t) => t.tag)).toEqual(['1.1', '1.0']);
  });

  it('never writes the password to the database file in clear text', () => {
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = storeBytes(dataDir);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, WRONG, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const rows = app.db.prepare<[], { host: string; secret: string }>('SELECT host, secret FROM registries').all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secret).toMatch(/^key-file\.v1:[A-Za-z0-9+/]+=*$/);
    // The user name is not secret, and is stored as it is: the check above would catch a clear-text write.
    expect(bytes.includes(Buffer.from(USER))).toBe(true);
  });

  it('keeps the key in a 0600 file that another instance opens the password with, and pulls use it', async () => {
    const st = statSync(keyFile);
    expect(st.mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);

    const second = createRegistries({ db: app.db, bus: app.bus, dataDir });
    expect(second.service.credentialsMap().get(reg.name)).toEqual({ username: USER, password: PASSWORD });
    const auth = await second.service.pullAuth(reg.name);
    expect(auth).toEqual({ username: USER, password: PASSWORD, serveraddress: reg.name });
    const ref = `${image}@${digests.get('1.0') ?? ''}`;
    const stream = await docker.pull(ref, { authconfig: auth });
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    expect((await docker.getImage(ref).inspect()).RepoDigests).toContain(ref);
    await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  });

  it('refuses a key file other users can read, and says how to fix it', async () => {
    chmodSync(keyFile, 0o644);
    try {
      // A fresh instance: the running one read its key before the mode changed.
      const fresh = createRegistries({ db: app.db, bus: app.bus, dataDir });
      const entry = fresh.service.list()[0];
      expect(entry?.problem).toContain(`refuses to use the key file ${keyFile}`);
      expect(entry?.problem).toContain(`chmod 600 ${keyFile}`);
      expect(fresh.service.credentialsMap().size).toBe(0);
      const tested = await fresh.service.test({ host: reg.name });
      expect(tested).toMatchObject({ ok: false, verdict: 'error', credentialsFrom: 'saved' });
      expect(tested.message).toContain(`chmod 600 ${keyFile}`);
      let refused: unknown = null;
      try {
        fresh.service.save({ host: reg.name, username: USER, password: PASSWORD });
      } catch (e) {
        refused = e;
      }
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).message).toMatch(new RegExp(`password for ${reg.name} was not saved: .*chmod 600 ${keyFile}`));
      const warned = app.db
        .prepare<[], { message: string }>("SELECT message FROM events WHERE type = 'registry.secret-unreadable'")
        .all();
      expect(warned).toHaveLength(1);
      expect(warned[0]?.message).toContain('chmod 600');

      chmodSync(keyFile, 0o600);
      // Fixed while running: the same instance recovers without a restart.
      expect(fresh.service.credentialsMap().get(reg.name)).toEqual({ username: USER, password: PASSWORD });
      expect(fresh.service.list()[0]?.problem).toBeNull();
    } finally {
      chmodSync(keyFile, 0o600);
    }
  });

  it('remove forgets the credentials at once', async () => {
    expect(await ok(app, 'registries.remove', { host: reg.name })).toEqual({ ok: true });
    expect((await ok(app, 'registries.list', {})).registries).toEqual([]);
    const e = await fails(app, 'registry.tags', { image });
    expect(e.message).toContain('add credentials in Settings → Registries');
    expect((await fails(app, 'registries.remove', { host: reg.name })).code).toBe('NOT_FOUND');
    const logged = app.db.prepare<[], { type: string; message: string }>("SELECT type, message FROM events WHERE type LIKE 'registry.%' ORDER BY id").all();
    expect(logged.map((l) => l.type)).toEqual(['registry.saved', 'registry.saved', 'registry.saved', 'registry.secret-unreadable', 'registry.removed']);
    expect(JSON.stringify(logged)).not.toContain(PASSWORD);
  });
});

