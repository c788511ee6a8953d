import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../main/dispatch/app-error';
import { RegistryClient } from '../../main/oci-client/client';
import { type Credential, dockerodeAuthFor, resolveCredentials, toDockerodeAuth } from '../../main/oci-client/credentials';
import { registryFailureOf } from '../../main/oci-client/registry-error';
import { toCreatedAt } from '../../main/oci-client/tag-metadata';
import { newestTags } from '../../main/matcher/tag-order';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker, type TestApp } from '../rig/fixtures';
import {
  type FaultProxy,
  type StartedRegistry,
  type TokenServer,
  freePort,
  selfSignedCert,
  startFaultProxy,
  startRegistry,
  startTokenServer,
  writeHtpasswd,
} from './registry-servers';

const USERS = { alice: 's3cret:with-colon' } as const;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Runs `fn` and returns the AppError it threw (failing the test when it did not throw one). */
async function failure(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

/** Pushes a locally built image with the engine, using the authconfig Slipway gives the deployer. */
async function push(docker: Docker, app: TestApp, registry: string, cred: Credential): Promise<string> {
  const stream = await docker.getImage(app.repository).push({ tag: app.tag, authconfig: toDockerodeAuth(cred, registry) });
  const out = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: { error?: string; aux?: { Digest?: string } }[]) =>
      err ? reject(err) : resolve(events),
    );
  });
  const failed = out.find((o) => o.error);
  if (failed) throw new Error(`push of ${app.ref} failed: ${failed.error ?? ''}`);
  const digest = out.find((o) => o.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${app.ref} reported no digest`);
  return digest;
}

function writeDockerConfig(dir: string, config: unknown): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describeEngine('registry client against real registries', (engine) => {
  const docker = rigDocker();
  const work = mkdtempSync(join(tmpdir(), 'slw-reg-'));
  // A fresh repository per run: the rig's registry outlives test runs.
  const repoPath = `it-registry/web-${Date.now().toString(36)}`;
  const repo = `${engine.registry}/${repoPath}`;
  const tags = ['1.0', '1.1', '1.2', '2.0', 'dev-a', 'dev-b', 'latest'];
  const pushed = new Map<string, TestApp>();

  beforeAll(async () => {
    for (const tag of tags) {
      pushed.set(tag, await buildTestApp({ repository: repo, tag, version: `v-${tag}`, healthcheck: tag === '1.0' }));
    }
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  describe('on the loopback registry', () => {
    it('gets every tag in one request when the registry does not paginate', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      // Distribution 2.8 ignores `n` on tag lists and answers everything, without a Link header.
      expect([...(await client.listTags(repo, { pageSize: 2 }))].sort()).toEqual([...tags].sort());
      expect(client.stats().requests).toBe(1);
    });

    it('HEADs the same digests that docker push reported', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      for (const [tag, app] of pushed) {
        const head = await client.headManifest(repo, tag);
        expect(head.digest).toBe(app.digest);
        expect(head.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
        expect(head.size).toBeGreaterThan(100);
        // By digest too.
        expect((await client.headManifest(repo, app.digest)).digest).toBe(app.digest);
      }
      expect(client.stats().requests).toBe(pushed.size * 2);
    });

    it('reads EXPOSE, HEALTHCHECK and labels from the image config', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      const cfg = await client.getImageConfig(repo, '1.0');
      expect(cfg.exposedPorts).toEqual([8080]);
      expect(cfg.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:$PORT/health');
      expect(cfg.healthcheck).toMatchObject({ intervalMs: 1000, timeoutMs: 2000, retries: 2 });
      expect(cfg.labels['org.opencontainers.image.version']).toBe('v-1.0');
      expect(cfg.created).not.toBeNull();
      expect(cfg.digest).toBe(pushed.get('1.0')?.digest);
      expect(cfg.manifestDigest).toBe(cfg.digest);
      const plain = await client.getImageConfig(repo, '2.0');
      expect(plain.healthcheck).toBeNull();
      expect(plain.labels['org.opencontainers.image.version']).toBe('v-2.0');
    });

    it('gives a multi-arch tag its index digest and resolves the platform image', async () => {
      const base = `http://${engine.registry.replace('localhost', '127.0.0.1')}/v2/${repoPath}`;
      const entry = async (tag: string, platform: Record<string, string>) => {
        const res = await fetch(`${base}/manifests/${tag}`, {
          method: 'HEAD',
          headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
        });
        return {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest: res.headers.get('docker-content-digest') ?? '',
          size: Number(res.headers.get('content-length')),
          platform,
        };
      };
      const list = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        manifests: [
          await entry('1.0', { os: 'linux', architecture: 'amd64' }),
          await entry('1.1', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
        ],
      });
      const put = await fetch(`${base}/manifests/multi`, {
        method: 'PUT',
        headers: { 'content-type': 'application/vnd.docker.distribution.manifest.list.v2+json' },
        body: list,
      });
      expect(put.status).toBe(201);
      const indexDigest = `sha256:${createHash('sha256').update(list).digest('hex')}`;

      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      const head = await client.headManifest(repo, 'multi');
      expect(head).toEqual({
        digest: indexDigest,
        mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
        size: Buffer.byteLength(list),
      });
      const amd = await client.getImageConfig(repo, 'multi');
      expect(amd.digest).toBe(indexDigest);
      expect(amd.manifestDigest).toBe(pushed.get('1.0')?.digest);
      expect(amd.labels['org.opencontainers.image.version']).toBe('v-1.0');
      const arm = await client.getImageConfig(repo, 'multi', { os: 'linux', architecture: 'arm64' });
      expect(arm.manifestDigest).toBe(pushed.get('1.1')?.digest);
      expect(arm.labels['org.opencontainers.image.version']).toBe('v-1.1');
      const none = await failure(() => client.getImageConfig(repo, 'multi', { os: 'linux', architecture: 's390x' }));
      expect(none.message).toMatch(/has no linux\/s390x image \(it has: linux\/amd64, linux\/arm64\/v8\)/);
      // Leave the repository with the pushed tags only.
      expect((await fetch(`${base}/manifests/${indexDigest}`, { method: 'DELETE' })).status).toBe(202);
    });

    it('says clearly when a repository or tag does not exist', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      const noRepo = await failure(() => client.listTags(`${engine.registry}/it-registry/nothing-here`));
      expect(noRepo.code).toBe('REGISTRY_ERROR');
      expect(registryFailureOf(noRepo)).toBe('not-found');
      expect(noRepo.message).toMatch(/it-registry\/nothing-here was not found/);
      const noTag = await failure(() => client.headManifest(repo, 'no-such-tag'));
      expect(registryFailureOf(noTag)).toBe('not-found');
      expect(noTag.message).toContain(`${repo}:no-such-tag`);
      const badTag = await failure(() => client.headManifest(repo, '../../_catalog'));
      expect(badTag.code).toBe('INVALID_INPUT');
      expect(client.stats().requests).toBe(2); // the bad reference never reached the registry
    });

    it('reports an unreachable registry with the cause', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null), maxRetries: 0 });
      const closed = `localhost:${await freePort()}`;
      const err = await failure(() => client.listTags(`${closed}/acme/web`));
      expect(registryFailureOf(err)).toBe('unreachable');
      expect(err.message).toBe(`registry ${closed} is not reachable: ECONNREFUSED`);
      expect(await client.ping(closed)).toMatchObject({ verdict: 'unreachable', authenticated: false });
      expect(await client.ping(engine.registry)).toEqual({
        verdict: 'ok',
        message: `registry ${engine.registry} answers; it needs no credentials`,
        authenticated: false,
      });
    });
  });

  describe('through a proxy that misbehaves', () => {
    let proxy: FaultProxy;
    const upstreamPort = Number(engine.registry.split(':')[1]);
    beforeAll(async () => {
      proxy = await startFaultProxy(upstreamPort, { paginateTags: true });
    });
    afterAll(async () => {
      await proxy.stop();
    });
    const proxied = (): string => `${proxy.name}/${repoPath}`;

    it('follows Link pages (n, last) to the end, one request per page', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      const start = proxy.seen.length;
      const listed = await client.listTags(proxied(), { pageSize: 2 });
      expect(listed).toEqual([...tags].sort());
      expect(client.stats().requests).toBe(Math.ceil(tags.length / 2));
      expect(proxy.seen.slice(start).map((s) => s.path)).toEqual([
        `/v2/${repoPath}/tags/list?n=2`,
        `/v2/${repoPath}/tags/list?n=2&last=1.1`,
        `/v2/${repoPath}/tags/list?n=2&last=2.0`,
        `/v2/${repoPath}/tags/list?n=2&last=dev-b`,
      ]);
      client.resetStats();
      expect(await client.listTags(proxied(), { pageSize: 3, maxPages: 2 })).toEqual([...tags].sort().slice(0, 6));
      expect(client.stats().requests).toBe(2);
    });

    it('keeps at most N requests in flight per registry', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null), maxInFlightPerHost: 3 });
      proxy.peakInFlight = 0;
      const heads = await Promise.all(Array.from({ length: 24 }, (_, i) => client.headManifest(proxied(), tags[i % tags.length] ?? '1.0')));
      expect(heads.map((h) => h.digest)).toEqual(Array.from({ length: 24 }, (_, i) => pushed.get(tags[i % tags.length] ?? '')?.digest));
      expect(proxy.peakInFlight).toBe(3);
    });

    it('waits out Retry-After on 429 and then succeeds', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null) });
      proxy.faults.push({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'status', status: 503 });
      const start = proxy.seen.length;
      const head = await client.headManifest(proxied(), '1.0');
      expect(head.digest).toBe(pushed.get('1.0')?.digest);
      const seen = proxy.seen.slice(start);
      expect(seen.map((s) => s.fault)).toEqual([true, true, false]);
      expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
      expect(client.stats()).toMatchObject({ requests: 3, retries: 2 });
    });

    it('gives up after bounded retries, or at once when Retry-After is too long', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null), maxRetries: 2, retryBaseMs: 10 });
      proxy.faults.push(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 429 })));
      const err = await failure(() => client.listTags(proxied()));
      expect(registryFailureOf(err)).toBe('rate-limited');
      expect(err.message).toMatch(/rate limiting requests — add credentials or poll less often/);
      expect(client.stats()).toMatchObject({ requests: 3, retries: 2 });

      const patient = new RegistryClient({ credentials: () => Promise.resolve(null), maxRetryDelayMs: 5000 });
      proxy.faults.push({ kind: 'status', status: 429, retryAfter: '3600' });
      const long = await failure(() => patient.listTags(proxied()));
      expect(long.message).toMatch(/retry after 3600 s/);
      expect(patient.stats()).toMatchObject({ requests: 1, retries: 0 });
    });

    it('times out a registry that does not answer', async () => {
      const client = new RegistryClient({ credentials: () => Promise.resolve(null), timeoutMs: 300 });
      proxy.faults.push({ kind: 'hang' });
      const err = await failure(() => client.headManifest(proxied(), '1.0'));
      expect(registryFailureOf(err)).toBe('timeout');
      expect(err.message).toMatch(/did not answer within/);
    });
  });

  describe('with basic auth (htpasswd)', () => {
    let reg: StartedRegistry;
    let configPath: string;
    let app: TestApp;
    let digest: string;

    beforeAll(async () => {
      const dir = join(work, 'basic');
      rmSync(dir, { recursive: true, force: true });
      const htpasswd = join(work, 'htpasswd');
      writeHtpasswd(htpasswd, USERS);
      reg = await startRegistry(dir, `auth: { htpasswd: { realm: slipway-test, path: ${htpasswd} } }`);
      configPath = writeDockerConfig(work, { auths: { [reg.name]: { auth: b64(`alice:${USERS.alice}`) } } });
      const cred = await resolveCredentials(reg.name, { configPath });
      expect(cred).toEqual({ username: 'alice', password: USERS.alice });
      expect(await dockerodeAuthFor(reg.name, { configPath })).toEqual({
        username: 'alice',
        password: USERS.alice,
        serveraddress: reg.name,
      });
      expect(await dockerodeAuthFor('localhost:1', { configPath })).toBeNull();
      app = await buildTestApp({ repository: `${reg.name}/acme/web`, tag: '1.0', push: false });
      digest = await push(docker, app, reg.name, cred ?? { username: '', password: '' });
    });

    afterAll(async () => {
      await docker.getImage(app.ref).remove({ force: true }).catch(() => undefined);
      await reg.stop();
    });

    it('answers the 401 challenge with credentials from a Docker config.json, then sends them up front', async () => {
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath }) });
      expect(await client.listTags(`${reg.name}/acme/web`)).toEqual(['1.0']);
      expect(client.stats().requests).toBe(2); // anonymous → 401 → with Basic
      client.resetStats();
      expect((await client.headManifest(`${reg.name}/acme/web`, '1.0')).digest).toBe(digest);
      expect(client.stats().requests).toBe(1);
    });

    it('tells the user to add or fix credentials', async () => {
      const anonymous = new RegistryClient({ credentials: () => Promise.resolve(null) });
      const none = await failure(() => anonymous.listTags(`${reg.name}/acme/web`));
      expect(registryFailureOf(none)).toBe('unauthorized');
      expect(none.message).toBe(
        `unauthorized for ${reg.name}/acme/web — add credentials in Settings → Registries (or run docker login ${reg.name})`,
      );
      const wrong = new RegistryClient({ credentials: () => Promise.resolve({ username: 'alice', password: 'nope' }) });
      const rejected = await failure(() => wrong.headManifest(`${reg.name}/acme/web`, '1.0'));
      expect(rejected.message).toMatch(/rejected the credentials; update them in Settings → Registries/);
    });

    it('checks credentials for the Settings button', async () => {
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath }) });
      expect(await client.ping(reg.name)).toMatchObject({ verdict: 'ok', authenticated: true });
      expect(await client.ping(reg.name, { credential: { username: 'alice', password: 'bad' } })).toMatchObject({
        verdict: 'unauthorized',
        message: expect.stringMatching(/rejected the credentials/) as unknown,
      });
      expect(await client.ping(reg.name, { credential: null })).toMatchObject({
        verdict: 'unauthorized',
        message: `registry ${reg.name} requires credentials — add them in Settings → Registries`,
      });
    });

    it('asks credential helpers (credsStore, credHelpers) and survives missing or hanging ones', async () => {
      const bin = join(work, 'bin');
      rmSync(bin, { recursive: true, force: true });
      mkdirSync(bin);
      const helper = join(bin, 'docker-credential-slwtest');
      // Answers for our registry only, the way real helpers do (stdin = server address).
      writeFileSync(
        helper,
        `#!/bin/sh\n[ "$1" = get ] || exit 2\nread host\nif [ "$host" = "${reg.name}" ]; then\n` +
          `printf '{"ServerURL":"%s","Username":"alice","Secret":"${USERS.alice}"}' "$host"\nelse\necho "credentials not found in native keychain"; exit 1\nfi\n`,
      );
      chmodSync(helper, 0o755);
      const hang = join(bin, 'docker-credential-slwhang');
      writeFileSync(hang, '#!/bin/sh\nsleep 30\n');
      chmodSync(hang, 0o755);
      const oldPath = process.env['PATH'];
      process.env['PATH'] = `${bin}:${oldPath ?? ''}`;
      try {
        const store = writeDockerConfig(work, { auths: { [reg.name]: {} }, credsStore: 'slwtest' });
        expect(await resolveCredentials(reg.name, { configPath: store })).toEqual({ username: 'alice', password: USERS.alice });
        expect(await resolveCredentials('localhost:1', { configPath: store })).toBeNull();
        const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath: store }) });
        expect(await client.listTags(`${reg.name}/acme/web`)).toEqual(['1.0']);

        const perHost = writeDockerConfig(work, { credsStore: 'absent-helper', credHelpers: { [reg.name]: 'slwtest' } });
        expect(await resolveCredentials(reg.name, { configPath: perHost })).toEqual({ username: 'alice', password: USERS.alice });

        const missing = writeDockerConfig(work, {
          credHelpers: { [reg.name]: 'does-not-exist' },
          auths: { [`http://${reg.name}/v2/`]: { auth: b64(`alice:${USERS.alice}`) } },
        });
        expect(await resolveCredentials(reg.name, { configPath: missing })).toEqual({ username: 'alice', password: USERS.alice });

        const hanging = writeDockerConfig(work, { credsStore: 'slwhang' });
        expect(await resolveCredentials(reg.name, { configPath: hanging, helperTimeoutMs: 300 })).toBeNull();

        // Settings-provided credentials win over everything in the Docker config.
        const extra = new Map<string, Credential>([[reg.name, { username: 'bob', password: 'x' }]]);
        expect(await resolveCredentials(reg.name, { configPath: store, extra })).toEqual({ username: 'bob', password: 'x' });
      } finally {
        process.env['PATH'] = oldPath;
      }
    });

    it('explains a broken Docker config instead of ignoring it', async () => {
      const broken = join(work, 'broken.json');
      writeFileSync(broken, '{ "auths": ');
      const err = await failure(() => resolveCredentials(reg.name, { configPath: broken }));
      expect(err.message).toMatch(/broken\.json is not valid JSON .* fix or remove it/);
      expect(await resolveCredentials(reg.name, { configPath: join(work, 'absent.json') })).toBeNull();
    });
  });

  describe('with token auth (Bearer challenge)', () => {
    let reg: StartedRegistry;
    let tokens: TokenServer;
    let configPath: string;
    let pushedDigests: Map<string, string>;
    const apps: TestApp[] = [];

    beforeAll(async () => {
      const dir = join(work, 'token');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const { certPath, keyPath } = selfSignedCert(dir);
      tokens = await startTokenServer({
        certPath,
        keyPath,
        issuer: 'slipway-test-issuer',
        service: 'slipway-test',
        users: USERS,
        refreshTokens: { 'refresh-alice': 'alice' },
        lifetimeS: 300,
      });
      reg = await startRegistry(
        dir,
        `auth: { token: { realm: "${tokens.realm}", service: slipway-test, issuer: slipway-test-issuer, rootcertbundle: ${certPath} } }`,
      );
      configPath = writeDockerConfig(work, { auths: { [reg.name]: { username: 'alice', password: USERS.alice } } });
      pushedDigests = new Map();
      for (const name of ['acme/web', 'acme/api']) {
        const app = await buildTestApp({ repository: `${reg.name}/${name}`, tag: '1.0', push: false });
        apps.push(app);
        pushedDigests.set(name, await push(docker, app, reg.name, { username: 'alice', password: USERS.alice }));
      }
    });

    afterAll(async () => {
      for (const app of apps) await docker.getImage(app.ref).remove({ force: true }).catch(() => undefined);
      await reg.stop();
      await tokens.stop();
    });

    it('fetches a scoped token with Basic credentials, caches it, and sends it up front', async () => {
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath }) });
      tokens.requests.length = 0;
      expect(await client.listTags(`${reg.name}/acme/web`)).toEqual(['1.0']);
      expect(client.stats()).toMatchObject({ requests: 3, tokenRequests: 1 }); // 401, token, retry
      expect(tokens.requests).toEqual([
        { method: 'GET', scope: 'repository:acme/web:pull', account: 'alice', user: 'alice', grantType: null },
      ]);
      client.resetStats();
      expect((await client.headManifest(`${reg.name}/acme/web`, '1.0')).digest).toBe(pushedDigests.get('acme/web'));
      expect(client.stats()).toMatchObject({ requests: 1, tokenRequests: 0 });
      client.resetStats();
      // Another repository: the challenge is known, so its token is fetched before the first request.
      expect((await client.headManifest(`${reg.name}/acme/api`, '1.0')).digest).toBe(pushedDigests.get('acme/api'));
      expect(client.stats()).toMatchObject({ requests: 2, tokenRequests: 1 });
      const cfg = await client.getImageConfig(`${reg.name}/acme/api`, '1.0');
      expect(cfg.exposedPorts).toEqual([8080]);
    });

    it('shares one token request among concurrent callers', async () => {
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath }) });
      const heads = await Promise.all(Array.from({ length: 10 }, () => client.headManifest(`${reg.name}/acme/web`, '1.0')));
      expect(new Set(heads.map((h) => h.digest))).toEqual(new Set([pushedDigests.get('acme/web')]));
      expect(client.stats().tokenRequests).toBe(1);
    });

    it('renews an expiring token before use', async () => {
      let now = Date.now();
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath }), now: () => now });
      await client.listTags(`${reg.name}/acme/web`);
      expect(client.stats().tokenRequests).toBe(1);
      now += 200_000; // within the 300 s lifetime, before the early-renewal point
      await client.listTags(`${reg.name}/acme/web`);
      expect(client.stats().tokenRequests).toBe(1);
      now += 100_000; // past it
      client.resetStats();
      await client.listTags(`${reg.name}/acme/web`);
      expect(client.stats()).toMatchObject({ requests: 2, tokenRequests: 1 }); // token, then the request: no 401
    });

    it('uses an identity token through the OAuth2 refresh flow', async () => {
      const identity = writeDockerConfig(work, { auths: { [reg.name]: { identitytoken: 'refresh-alice' } } });
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath: identity }) });
      tokens.requests.length = 0;
      expect(await client.listTags(`${reg.name}/acme/web`)).toEqual(['1.0']);
      expect(tokens.requests).toEqual([
        { method: 'POST', scope: 'repository:acme/web:pull', account: null, user: 'alice', grantType: 'refresh_token' },
      ]);
    });

    it('reports anonymous and rejected access clearly', async () => {
      const anonymous = new RegistryClient({ credentials: () => Promise.resolve(null) });
      const none = await failure(() => anonymous.listTags(`${reg.name}/acme/web`));
      expect(none.message).toMatch(/^unauthorized for localhost:\d+\/acme\/web — add credentials in Settings → Registries/);
      const wrong = new RegistryClient({ credentials: () => Promise.resolve({ username: 'alice', password: 'bad' }) });
      const rejected = await failure(() => wrong.listTags(`${reg.name}/acme/web`));
      expect(registryFailureOf(rejected)).toBe('unauthorized');
      expect(rejected.message).toMatch(/rejected the credentials/);
    });

    it('checks credentials for the Settings button', async () => {
      const client = new RegistryClient({ credentials: (r) => resolveCredentials(r, { configPath }) });
      expect(await client.ping(reg.name)).toEqual({
        verdict: 'ok',
        message: `credentials for ${reg.name} are accepted`,
        authenticated: true,
      });
      expect(await client.ping(reg.name, { credential: { username: 'alice', password: 'bad' } })).toMatchObject({
        verdict: 'unauthorized',
      });
      // Anonymous tokens are granted (with no access), and /v2/ accepts them.
      expect(await client.ping(reg.name, { credential: null })).toMatchObject({ verdict: 'ok', authenticated: false });
    });
  });

  describe('ordering metadata APIs (recorded shapes on a loopback server: no internet here)', () => {
    let server: Server;
    let port = 0;
    const seen: { path: string; auth: string | null }[] = [];
    const hubTag = (name: string, at: string) => ({ name, last_updated: at, tag_last_pushed: at, digest: null });
    beforeAll(async () => {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        seen.push({ path: url.pathname + url.search, auth: req.headers.authorization ?? null });
        res.setHeader('content-type', 'application/json');
        if (url.pathname === '/v2/users/login' && req.method === 'POST') {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () => {
            const ok = body === JSON.stringify({ username: 'alice', password: USERS.alice });
            res.statusCode = ok ? 200 : 401;
            res.end(JSON.stringify(ok ? { token: 'hub-jwt' } : { detail: 'Incorrect authentication credentials' }));
          });
          return;
        }
        if (url.pathname === '/v2/namespaces/acme/repositories/web/tags') {
          if (req.headers.authorization !== 'Bearer hub-jwt') {
            res.statusCode = 404; // Hub hides private repositories from anonymous callers
            res.end(JSON.stringify({ message: 'object not found' }));
            return;
          }
          const second = url.searchParams.get('page') === '2';
          res.end(
            JSON.stringify(
              second
                ? { count: 3, next: null, results: [hubTag('dev-a', '2024-06-01T10:00:00Z')] }
                : {
                    count: 3,
                    next: `http://127.0.0.1:${port}/v2/namespaces/acme/repositories/web/tags?page=2&page_size=2`,
                    results: [hubTag('dev-c', '2024-06-03T10:00:00Z'), hubTag('dev-b', '2024-06-02T10:00:00Z')],
                  },
            ),
          );
          return;
        }
        if (url.pathname === '/api/v1/packages/acme') {
          const page = Number(url.searchParams.get('page'));
          const limit = Number(url.searchParams.get('limit'));
          const all = Array.from({ length: 5 }, (_, i) => ({
            type: 'container',
            name: i === 4 ? 'web-admin' : 'web',
            version: `dev-${i}`,
            created_at: `2024-06-0${i + 1}T10:00:00+02:00`,
          }));
          res.end(JSON.stringify(all.slice((page - 1) * limit, page * limit)));
          return;
        }
        res.statusCode = 404;
        res.end('{}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('reads Docker Hub tag dates across pages with a login token', async () => {
      const client = new RegistryClient({
        hubApiBase: `http://127.0.0.1:${port}`,
        credentials: (r) => Promise.resolve(r === 'docker.io' ? { username: 'alice', password: USERS.alice } : null),
      });
      const times = await client.hubTagTimes('acme/web', { pageSize: 2 });
      expect(times.map((t) => t.tag)).toEqual(['dev-c', 'dev-b', 'dev-a']);
      expect(newestTags(['dev-a', 'dev-b', 'dev-c'], { pattern: 'dev-*' }, toCreatedAt(times))).toEqual(['dev-c', 'dev-b', 'dev-a']);
      await client.hubTagTimes('acme/web', { pageSize: 2 });
      expect(seen.filter((s) => s.path === '/v2/users/login')).toHaveLength(1); // login token reused
      const anonymous = new RegistryClient({ hubApiBase: `http://127.0.0.1:${port}`, credentials: () => Promise.resolve(null) });
      expect(registryFailureOf(await failure(() => anonymous.hubTagTimes('acme/web')))).toBe('not-found');
      const wrong = new RegistryClient({
        hubApiBase: `http://127.0.0.1:${port}`,
        credentials: () => Promise.resolve({ username: 'alice', password: 'bad' }),
      });
      expect((await failure(() => wrong.hubTagTimes('acme/web'))).message).toMatch(/rejected the credentials/);
    });

    it('reads Gitea package dates page by page with basic credentials', async () => {
      seen.length = 0;
      const client = new RegistryClient({ credentials: () => Promise.resolve({ username: 'alice', password: USERS.alice }) });
      const times = await client.giteaTagTimes(`127.0.0.1:${port}/acme/web`, { pageSize: 2 });
      expect(times.map((t) => t.tag)).toEqual(['dev-0', 'dev-1', 'dev-2', 'dev-3']);
      expect(seen.map((s) => s.path)).toEqual([
        '/api/v1/packages/acme?type=container&q=web&page=1&limit=2',
        '/api/v1/packages/acme?type=container&q=web&page=2&limit=2',
        '/api/v1/packages/acme?type=container&q=web&page=3&limit=2',
      ]);
      expect(seen.every((s) => s.auth === `Basic ${b64(`alice:${USERS.alice}`)}`)).toBe(true);
    });
  });
});
