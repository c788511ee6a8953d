import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contextDirName } from '../../main/docker/docker-contexts';
import type { App } from '../../main/app';
import type { Project } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { TLS_ENGINE_ADDR } from '../rig/tls';
import { call, callError, get, keepAliveLoad, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { IT_ENGINES_REPO, rigTls, startEnginesApp, strangerCa } from './engines-support';

const REPO = `${IT_ENGINES_REPO}-tls`;

describeEngine('a remote engine over verified TLS', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-engines-tls-');
  let app: App;
  let project: Project;
  let installId = '';

  beforeAll(async () => {
    for (const tag of ['t-v1', 't-v2']) await buildTestApp({ repository: REPO, tag });
    app = await startEnginesApp(dataDir, `${dataDir}/known_hosts`);
    installId = app.deployments.installId.slice(0, 6);
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
    const { Volumes } = await docker.listVolumes();
    for (const v of Volumes.filter((x) => x.Name.startsWith(`slipway-`) && x.Name.includes('-project-data') && x.Name.includes(installId))) await docker.getVolume(v.Name).remove().catch(() => undefined);
  });

  it('adds a tcp:// engine with client certificates and shows what it is', async () => {
    const view = await call(app, 'engines.add', { kind: 'tls', name: 'rig-tls', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls(), publishAddress: '127.0.0.1' });
    expect(view.state).toMatchObject({ reachable: true, os: 'linux', error: null });
    expect(view.state.version).toMatch(/^\d+\.\d+/);
    expect(view.state.apiVersion).toMatch(/^1\.\d+$/);
    expect(view.state.arch).toBeTruthy();
    expect(['inactive', 'active', 'pending', 'error', 'locked']).toContain(view.state.swarm);
    const { engines } = await call(app, 'engines.list', {});
    expect(engines.map((e) => e.name)).toEqual(['local', 'rig-tls']);
    expect(engines[0]).toMatchObject({ kind: 'local', builtIn: true });
  });

  it('refuses an engine whose certificate the given CA did not sign, saying which CA to pick', async () => {
    const view = await call(app, 'engines.add', { kind: 'tls', name: 'wrong-ca', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls(), ca: strangerCa(dataDir) });
    expect(view.state.reachable).toBe(false);
    expect(view.state.error).toMatch(/did not sign/);
    expect(view.state.hint).toMatch(/pick the ca\.pem that signed the daemon's certificate/);
    // The engine is not usable for stages' work: every call says why.
    expect((await callError(app, 'engines.test', { name: 'nope' })).code).toBe('NOT_FOUND');
    // Given the right CA, the same engine answers.
    const fixed = await call(app, 'engines.update', { kind: 'tls', name: 'wrong-ca', ca: rigTls().ca });
    expect(fixed.state).toMatchObject({ reachable: true, error: null });
    expect((await callError(app, 'engines.update', { kind: 'ssh', name: 'wrong-ca', url: 'ssh://a@b' })).message).toMatch(/kind cannot change/);
    await call(app, 'engines.remove', { name: 'wrong-ca' });
  });

  it('imports a Docker CLI context by name (meta.json and its tls folder)', async () => {
    const id = contextDirName('rig-ctx');
    const base = path.join(dataDir, 'docker-config', 'contexts');
    fs.mkdirSync(path.join(base, 'meta', id), { recursive: true });
    fs.writeFileSync(path.join(base, 'meta', id, 'meta.json'), JSON.stringify({ Name: 'rig-ctx', Metadata: { Description: 'the rig over TLS' }, Endpoints: { docker: { Host: `tcp://${TLS_ENGINE_ADDR}`, SkipTLSVerify: false } } }));
    const tlsDir = path.join(base, 'tls', id, 'docker');
    fs.mkdirSync(tlsDir, { recursive: true });
    const files = rigTls();
    for (const [name, from] of [['ca.pem', files.ca], ['cert.pem', files.cert], ['key.pem', files.key]] as const) fs.copyFileSync(from, path.join(tlsDir, name));
    const skip = contextDirName('no-verify');
    fs.mkdirSync(path.join(base, 'meta', skip), { recursive: true });
    fs.writeFileSync(path.join(base, 'meta', skip, 'meta.json'), JSON.stringify({ Name: 'no-verify', Endpoints: { docker: { Host: 'tcp://10.9.9.9:2376', SkipTLSVerify: true } } }));

    const { contexts } = await call(app, 'engines.contexts', {});
    expect(contexts).toEqual([
      expect.objectContaining({ name: 'no-verify', importable: false, problem: expect.stringMatching(/skips TLS verification/) as unknown }),
      { name: 'rig-ctx', description: 'the rig over TLS', host: `tcp://${TLS_ENGINE_ADDR}`, tls: true, importable: true, problem: null },
    ]);
    const view = await call(app, 'engines.add', { kind: 'context', name: 'from-ctx', context: 'rig-ctx' });
    expect(view).toMatchObject({ kind: 'context', context: 'rig-ctx', url: `tcp://${TLS_ENGINE_ADDR}` });
    expect(view.state).toMatchObject({ reachable: true, os: 'linux' });
    const missing = await call(app, 'engines.add', { kind: 'context', name: 'gone-ctx', context: 'gone' });
    expect(missing.state.error).toMatch(/no Docker context "gone".*docker context ls/);
    await call(app, 'engines.remove', { name: 'from-ctx' });
    await call(app, 'engines.remove', { name: 'gone-ctx' });
  });

  it('refuses bad engine input with a message that says what to write, and saves nothing', async () => {
    expect((await callError(app, 'engines.add', { kind: 'tls', name: 'x', url: 'http://h:1', ...rigTls() })).message).toMatch(/starts with tcp:\/\//);
    expect((await callError(app, 'engines.add', { kind: 'tls', name: 'local', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls() })).message).toMatch(/built-in/);
    expect((await callError(app, 'engines.add', { kind: 'ssh', name: 'y', url: 'ssh://host' })).message).toMatch(/has no user/);
    expect((await call(app, 'engines.list', {})).engines).toHaveLength(2);
    const unknown = await callError(app, 'projects.create', { image: REPO, name: 'eng-unknown', stages: [{ name: 'dev', tagPattern: '*', engine: 'nowhere' }] });
    expect(unknown.message).toMatch(/no engine named "nowhere"/);
  });

  it('deploys a stage on the TLS engine: the port is published there and served at the stable URL here, blue-green', async () => {
    project = await call(app, 'projects.create', {
      image: REPO,
      name: 'eng-tls',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      volumes: [{ scope: 'project', target: '/data' }],
      stages: [{ name: 'prod', tagPattern: 't-*', engine: 'rig-tls' }],
    });
    const stage = project.stages[0];
    expect(stage?.engine).toBe('rig-tls');
    const stageId = stage?.id ?? 0;
    const url = stage?.url ?? '';
    const d1 = await call(app, 'stages.deploy', { stageId, tag: 't-v1', wait: true });
    expect(d1.error).toBeNull();
    expect(d1.status).toBe('succeeded');
    expect((await get(url)).body.trim()).toBe('t-v1');

    const live = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live;
    const info = await docker.getContainer(live?.containerId ?? '').inspect();
    const binding = info.NetworkSettings.Ports['8080/tcp']?.[0];
    expect(binding?.HostIp).toBe('127.0.0.1');
    // The engine picked the remote port; this machine's port is the tunnel's.
    expect(Number(binding?.HostPort)).not.toBe(live?.hostPort);
    // The project folder is a named volume on that engine (this machine's folders are not there).
    const volume = `slipway-${app.deployments.installId.slice(0, 6)}-p${String(project.id)}-project-data`;
    expect(info.Mounts.find((m) => m.Destination === '/data')).toMatchObject({ Type: 'volume', Name: volume });

    const load = keepAliveLoad(url, 4);
    await waitFor('traffic', () => load.ok > 20);
    const d2 = await call(app, 'stages.deploy', { stageId, tag: 't-v2', wait: true });
    await waitFor('answers of the new version', () => load.versions.includes('t-v2') && load.ok > 200);
    await load.stop();
    expect(d2.status).toBe('succeeded');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['t-v1', 't-v2']);

    const busy = await callError(app, 'engines.remove', { name: 'rig-tls' });
    expect(busy.message).toMatch(/stage\(s\) run on "rig-tls"/);
  });

  it('after a restart the reconciler opens the live instance\'s tunnel again', async () => {
    const url = (await call(app, 'projects.get', { id: project.id })).stages[0]?.url ?? '';
    await app.stop();
    app = await startEnginesApp(dataDir, `${dataDir}/known_hosts`);
    expect((await get(url)).body.trim()).toBe('t-v2');
    const stage = (await call(app, 'projects.get', { id: project.id })).stages[0];
    expect(stage).toMatchObject({ engine: 'rig-tls', engineReachable: true });
  });
});
