import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { prepareRig } from '../rig/availability';
import { containerLogs, removeLocalImages, removeTestContainers, runApp, waitForHttp, type RunningApp } from '../rig/containers';
import { ensureEngine, isAlive, pingRegistry, RigUnavailableError, stopRig, type RigConfig } from '../rig/engine';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker, type TestApp } from '../rig/fixtures';
import { rigPathsFor } from '../rig/paths';
import { pruneTestImages } from '../rig/prune';
import { readRigState } from '../rig/state';

const LABEL = 'it-rig';
const REPO = 'localhost:5000/it-rig/web';

describeEngine('test rig: engine, registry and the test app fixture', (engine) => {
  const docker = rigDocker();
  let v1: TestApp;
  let v2fail: TestApp;
  let app1: RunningApp;

  beforeAll(async () => {
    await removeTestContainers(docker, LABEL);
    v1 = await buildTestApp({ repository: REPO, tag: '1.0', version: 'v1.0' });
    v2fail = await buildTestApp({ repository: REPO, tag: '2.0', version: 'v2.0', health: 'fail', healthcheck: true });
    // Prove the registry round trip: drop the local image and run what the registry serves, by digest.
    await docker.getImage(v1.ref).remove({ force: true });
    await pull(`${REPO}@${v1.digest}`);
    app1 = await runApp(docker, { image: `${REPO}@${v1.digest}`, label: LABEL });
    await waitForHttp(app1.url);
  });

  afterAll(async () => {
    await removeTestContainers(docker, LABEL);
    await removeLocalImages(docker, REPO);
  });

  it('exposes the rig to workers through the environment', () => {
    expect(process.env['DOCKER_HOST']).toBe(engine.dockerHost);
    expect(process.env['SLIPWAY_TEST_REGISTRY']).toBe('localhost:5000');
  });

  it('pushes each version to the registry under its own manifest digest', async () => {
    expect(v1.ref).toBe(`${REPO}:1.0`);
    expect(v1.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(v2fail.digest).not.toBe(v1.digest);
    for (const app of [v1, v2fail]) {
      const res = await fetch(`http://127.0.0.1:5000/v2/it-rig/web/manifests/${app.tag}`, {
        method: 'HEAD',
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('docker-content-digest')).toBe(app.digest);
    }
  });

  it('answers its version on / and 200 on /health', async () => {
    const root = await fetch(`${app1.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toBe('v1.0\n');
    const health = await fetch(`${app1.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    expect((await fetch(`${app1.url}/cgi-bin/health`)).status).toBe(200);
    expect((await fetch(`${app1.url}/nope`)).status).toBe(404);
  });

  it('logs that it started and listens', async () => {
    const { stdout } = await containerLogs(docker, app1.id);
    expect(stdout).toContain('app v1.0 starting\n');
    expect(stdout).toContain('app v1.0 listening on 8080\n');
  });

  it('answers /cgi-bin/slow only after the requested delay', async () => {
    const started = performance.now();
    const res = await fetch(`${app1.url}/cgi-bin/slow?ms=400`);
    expect(await res.text()).toBe('slept 400 ms\n');
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('fails /health when built failing, and when started with FAIL_HEALTH=1', async () => {
    const baked = await runApp(docker, { image: v2fail.ref, label: LABEL });
    const flagged = await runApp(docker, { image: v1Image(), label: LABEL, env: { FAIL_HEALTH: '1' } });
    for (const app of [baked, flagged]) {
      await waitForHttp(app.url);
      const res = await fetch(`${app.url}/health`);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('fail\n');
    }
    expect(await (await fetch(`${baked.url}/`)).text()).toBe('v2.0\n');
    await Promise.all([baked.remove(), flagged.remove()]);
  });

  it('turns unhealthy under its image HEALTHCHECK when failing', async () => {
    const app = await runApp(docker, { image: v2fail.ref, label: LABEL });
    const state = await waitFor(async () => {
      const info = healthSchema.parse(await app.container.inspect());
      return info.State.Health?.Status === 'unhealthy' ? info.State.Health.Status : null;
    }, 20_000);
    expect(state).toBe('unhealthy');
    await app.remove();
  });

  it('exits with EXIT_CODE and says why on stderr', async () => {
    const app = await runApp(docker, { image: v1Image(), label: LABEL, env: { EXIT_CODE: '7' }, publish: false });
    const result = z.object({ StatusCode: z.number() }).parse(await app.container.wait());
    expect(result.StatusCode).toBe(7);
    const logs = await containerLogs(docker, app.id);
    expect(logs.stderr).toBe('fatal: boom\n');
    expect(logs.stdout).toBe('app v1.0 starting\n');
    await app.remove();
  });

  it('writes /data/hello.txt into a mounted directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slw-rig-data-'));
    try {
      const app = await runApp(docker, { image: v1Image(), label: LABEL, binds: [`${dir}:/data`] });
      await waitForHttp(app.url);
      expect(readFileSync(join(dir, 'hello.txt'), 'utf8')).toBe('hello from v1.0\n');
      await app.remove();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drains a request in flight when stopped, then exits 0', async () => {
    const app = await runApp(docker, { image: v1Image(), label: LABEL });
    await waitForHttp(app.url);
    const slow = fetch(`${app.url}/cgi-bin/slow?ms=800`).then(async (r) => ({ status: r.status, body: await r.text() }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the request arrive before the stop signal
    await app.container.stop({ t: 10 });
    expect(await slow).toEqual({ status: 200, body: 'slept 800 ms\n' });
    const info = z.object({ State: z.object({ ExitCode: z.number() }) }).parse(await app.container.inspect());
    expect(info.State.ExitCode).toBe(0);
    const { stdout } = await containerLogs(docker, app.id);
    expect(stdout).toMatch(/app v1\.0 stopping\napp v1\.0 stopped\n$/);
    await app.remove();
  });

  it('prints numbered log lines with LOG_EVERY_MS and delays listening with START_DELAY_MS', async () => {
    const app = await runApp(docker, { image: v1Image(), label: LABEL, env: { LOG_EVERY_MS: '50', START_DELAY_MS: '300' } });
    await waitForHttp(app.url);
    const { stdout } = await containerLogs(docker, app.id);
    const lines = stdout.split('\n');
    // Listening comes after the start delay, during which the logger has already printed several lines.
    const third = lines.indexOf('app v1.0 log line 3');
    expect(third).toBeGreaterThan(0);
    expect(lines.indexOf('app v1.0 listening on 8080')).toBeGreaterThan(third);
    expect(lines.indexOf('app v1.0 log line 1')).toBeGreaterThan(lines.indexOf('app v1.0 starting'));
    await app.remove();
  });

  /** v1 as pulled from the registry (its local tag was removed on purpose). */
  function v1Image(): string {
    return `${REPO}@${v1.digest}`;
  }

  async function pull(ref: string): Promise<void> {
    const stream = await docker.pull(ref);
    await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
  }
});

describeEngine('test rig: starting and stopping daemons', () => {
  // A private rig directory and registry port per test: the shared engine and registry are never touched.
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync('/tmp/slw-it-');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a registry when none answers, reuses it, and stops only what it started', async () => {
    const addr = `127.0.0.1:${await freePort()}`;
    const config: RigConfig = { dir: mkdtempSync(join(dir, 'r-')), registryAddr: addr, honourDockerHost: true };
    const first = await ensureEngine(config);
    onTestFinished(() => stopRig(undefined, config).then(() => undefined));
    expect(first).toMatchObject({ dockerHost: process.env['DOCKER_HOST'], startedEngine: false, startedRegistry: true, registry: `localhost:${addr.split(':')[1]}` });
    expect(await pingRegistry(addr)).toBe(true);
    const recorded = readRigState(rigPathsFor(config.dir)).registry;
    expect(recorded && isAlive(recorded.pid, 'docker-registry')).toBe(true);

    const second = await ensureEngine(config);
    expect(second.startedRegistry).toBe(false);
    expect(await stopRig(second, config)).toEqual({ stoppedEngine: false, stoppedRegistry: false });
    expect(await pingRegistry(addr)).toBe(true);

    const storage = rigPathsFor(config.dir).registryRoot;
    writeFileSync(join(storage, 'pushed-by-a-test'), 'x');
    expect(await stopRig(first, config)).toEqual({ stoppedEngine: false, stoppedRegistry: true });
    expect(await pingRegistry(addr)).toBe(false);
    // What tests pushed goes with the registry that held it.
    expect(existsSync(storage)).toBe(false);
    expect(readRigState(rigPathsFor(config.dir))).toEqual({});
  });

  it('prunes test images no container uses, and keeps one also named outside the test registry', async () => {
    const docker = rigDocker();
    const ns = `localhost:5000/it-prune-${Date.now().toString(36)}`;
    const keepName = `slw-it-prune-keep-${Date.now().toString(36)}`;
    const a = await buildTestApp({ repository: `${ns}/web`, tag: '1.0', push: false });
    const b = await buildTestApp({ repository: `${ns}/other`, tag: '1.0', version: 'kept', push: false });
    await docker.getImage(b.ref).tag({ repo: keepName, tag: '1' });
    onTestFinished(async () => {
      for (const ref of [a.ref, b.ref, `${keepName}:1`]) await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
    });
    const result = await pruneTestImages(docker, `${ns}/`);
    expect(result.removed).toContain(a.digest);
    expect(result.removed).not.toContain(b.digest);
    await expect(docker.getImage(a.ref).inspect()).rejects.toThrow(/no such image/i);
    expect((await docker.getImage(`${keepName}:1`).inspect()).Id).toBe(b.digest);
  });

  it('reports a dockerd that exits at once, with its log tail', async () => {
    const config = fakeDockerd('echo "fake dockerd: cannot start" >&2; exit 3');
    const error = await ensureEngine(config).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RigUnavailableError);
    expect(String(error)).toMatch(/dockerd exited with code 3 while starting[\s\S]*fake dockerd: cannot start/);
    expect(readRigState(rigPathsFor(config.dir)).engine).toBeUndefined();
  });

  it('gives up on a dockerd that never answers, and stops it', async () => {
    const config = fakeDockerd('echo $$ > "$(dirname "$0")/fake.pid"; echo "fake dockerd waiting"; while :; do sleep 0.1; done', 1_000);
    await expect(ensureEngine(config)).rejects.toThrow(/dockerd did not answer within 1 s[\s\S]*fake dockerd waiting/);
    const pid = Number(readFileSync(join(config.dir, 'fake.pid'), 'utf8'));
    expect(isAlive(pid, 'dockerd')).toBe(false);
    expect(readRigState(rigPathsFor(config.dir)).engine).toBeUndefined();
  });

  it('skips loudly outside CI and fails with CI=true when the engine cannot start', async () => {
    const config = fakeDockerd('echo "fake dockerd: no engine here" >&2; exit 1');
    const local: NodeJS.ProcessEnv = {};
    let notice = '';
    const result = await prepareRig({ config, env: local, write: (t) => (notice += t) });
    expect(result.availability).toMatchObject({ available: false });
    expect(local['SLIPWAY_TEST_ENGINE']).toBe('unavailable');
    expect(notice).toContain('ENGINE TESTS SKIPPED');
    expect(notice).toContain('apt-get install -y docker.io docker-registry busybox-static');
    await expect(prepareRig({ config, env: { CI: 'true' }, write: () => undefined })).rejects.toThrow(/CI=true and the Docker test rig is unavailable/);
  });

  /** A rig whose "dockerd" is a shell script, so failures can be made without touching a real daemon. */
  function fakeDockerd(script: string, readyTimeoutMs = 5_000): RigConfig {
    const own = mkdtempSync(join(dir, 'd-'));
    const bin = join(own, 'dockerd');
    writeFileSync(bin, `#!/bin/sh\n${script}\n`);
    chmodSync(bin, 0o755);
    return { dir: own, registryAddr: '127.0.0.1:1', honourDockerHost: false, dockerdBin: bin, readyTimeoutMs };
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const healthSchema = z.looseObject({
  State: z.looseObject({ Health: z.looseObject({ Status: z.string() }).optional() }),
});

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return null;
}
