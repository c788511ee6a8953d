import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { stackName } from '../../main/sources/compose/stack-plan';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { ensureRigSsh } from '../rig/ssh';
import { TLS_ENGINE_ADDR } from '../rig/tls';
import { call, callError, get, keepAliveLoad, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { companions, projectNamed } from './compose-support';
import { rigTls, startAppWithoutLocalEngine } from './engines-support';

/** This suite's own repositories (parallel suites use others). */
const WEB = 'localhost:5000/it-compose-remote/web';
const DB = 'localhost:5000/it-compose-remote/db';
const health = { kind: 'http' as const, path: '/health', timeoutMs: 15_000 };

/** web (tracked, the stage's URL) asks db (a companion, named volume) by name; api (tracked, same image) answers on 9090. */
const yaml = (extra = ''): string =>
  [
    'services:',
    '  web:',
    `    image: ${WEB}:latest`,
    '    environment:',
    '      PEER: db:8080',
    '    ports: ["8080"]',
    '  api:',
    `    image: ${WEB}`,
    '    environment:',
    '      PORT: "9090"',
    '      PEER: db:8080',
    '    expose: ["9090"]',
    '  db:',
    `    image: ${DB}:1`,
    `    volumes: ["dbdata:/data"${extra}]`,
    'volumes:',
    '  dbdata: {}',
    '',
  ].join('\n');

/**
 * A stack deployed on the engine, then web swapped under keep-alive load; the stack's ports, its
 * named volume and its tear-down all on that engine. This machine's engine must not answer.
 */
async function swapOnEngine(app: App, dataDir: string, engine: string, name: string): Promise<void> {
  const docker = rigDocker();
  const { engines } = await call(app, 'engines.list', {});
  expect(engines[0]?.state.reachable).toBe(false);
  const p = await call(app, 'projects.create', { kind: 'compose', name, image: WEB, compose: yaml(), health, warmRollbackSec: 0, stages: [{ name: 'prod', tagPattern: 'r*', engine }] });
  const stage = p.stages[0]!;
  expect(stage.engine).toBe(engine);
  const d1 = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'r1', wait: true });
  expect(d1.status, d1.error ?? '').toBe('succeeded');
  const stack = stackName(name, 'prod');
  const db = (await companions(docker, stack)).get('db');
  expect(db?.State).toBe('running');
  expect((await get(stage.url)).body.trim()).toBe('r1');
  expect((await get(`${stage.url}peer`)).body.trim()).toBe(`r1 -> ${db!.Id.slice(0, 12)}`);

  // The stack cannot be moved off its engine: it would be left behind there.
  expect((await callError(app, 'stages.update', { stageId: stage.id, engine: 'local' })).message).toMatch(/stack runs on ".*": to move it, add a stage/);

  // The member's port is published where the engine publishes (it picks the port) and tunnelled here.
  const view = await projectNamed(app, name);
  const apiUrl = view.stages[0]?.urls?.find((u) => u.service === 'api');
  expect(apiUrl?.containerPort).toBe(9090);
  expect((await get(apiUrl?.url ?? '')).body.trim()).toBe('r1');
  const live = view.stages[0]?.live;
  const apiId = view.stages[0]?.services?.find((s) => s.name === 'api')?.containerId ?? '';
  const apiBinding = (await docker.getContainer(apiId).inspect()).NetworkSettings.Ports['9090/tcp']?.[0];
  expect(apiBinding?.HostIp).toBe('127.0.0.1');
  const webBinding = (await docker.getContainer(live?.containerId ?? '').inspect()).NetworkSettings.Ports['8080/tcp']?.[0];
  expect(Number(webBinding?.HostPort)).not.toBe(live?.hostPort);

  // The Compose CLI reached the engine through a private socket here.
  const sockets = path.join(dataDir, 'engines');
  expect(fs.statSync(sockets).mode & 0o777).toBe(0o700);
  const files = fs.readdirSync(sockets);
  expect(files).toHaveLength(1);
  expect(fs.statSync(path.join(sockets, files[0]!)).mode & 0o777).toBe(0o600);

  const load = keepAliveLoad(stage.url, 4);
  await waitFor('traffic', () => load.ok > 20);
  const d2 = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'r2', wait: true });
  await waitFor('r2 on the stable URL', () => load.versions.includes('r2'));
  await new Promise((r) => setTimeout(r, 300));
  await load.stop();
  expect(d2.status, d2.error ?? '').toBe('succeeded');
  expect(load.failures).toEqual([]);
  expect(load.versions).toEqual(['r1', 'r2']);
  expect((await companions(docker, stack)).get('db')?.Id).toBe(db!.Id);
  expect((await get(apiUrl?.url ?? '')).body.trim()).toBe('r2');

  // The stack's named volume is browsed on the stage's engine (this machine's does not answer).
  const dataView = (await call(app, 'volumes.list', { projectId: p.id })).volumes.find((v) => v.service === 'db' && v.target === '/data');
  expect(dataView?.places.map((x) => [x.stageId, x.engine])).toEqual([[stage.id, engine]]);
  const ref = { projectId: p.id, service: 'db', target: '/data', stageId: stage.id };
  await call(app, 'volumes.mkdir', { ref, path: 'made-here' });
  expect((await call(app, 'volumes.browse', { ref, path: '' })).entries.map((e) => e.name)).toContain('made-here');

  // Removing the project takes the stack down on that engine, named volume included.
  await call(app, 'projects.remove', { id: p.id, removeVolumes: true });
  await waitFor('the stack gone', async () => ((await companions(docker, stack)).size === 0 ? true : null));
  const { Volumes } = await docker.listVolumes({ filters: { label: [`com.docker.compose.project=${stack}`] } });
  expect(Volumes).toEqual([]);
}

describeEngine('compose stacks on a remote engine over verified TLS', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-compose-remote-');
  let app: App;

  beforeAll(async () => {
    await buildTestApp({ repository: DB, tag: '1', version: 'rdb1' });
    for (const tag of ['r1', 'r2']) await buildTestApp({ repository: WEB, tag });
    app = await startAppWithoutLocalEngine(dataDir);
    const view = await call(app, 'engines.add', { kind: 'tls', name: 'rig-tls-compose', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls(), publishAddress: '127.0.0.1' });
    expect(view.state.reachable).toBe(true);
  }, 120_000);

  afterAll(async () => {
    for (const p of (await call(app, 'projects.list', {})).projects) if (p.name.startsWith('itcr-')) await call(app, 'projects.remove', { id: p.id, removeVolumes: true }).catch(() => undefined);
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('deploys the stack on the TLS engine, then swaps web under keep-alive load: 0 failed requests, the companion untouched', async () => {
    await swapOnEngine(app, dataDir, 'rig-tls-compose', 'itcr-swap');
  });

  it('refuses bind folders on a remote engine, at create, update and when a stage moves there; named volumes are fine', async () => {
    const created = await callError(app, 'projects.create', { kind: 'compose', name: 'itcr-bind', image: WEB, compose: yaml(', "./conf:/etc/conf"'), stages: [{ name: 'prod', tagPattern: 'r*', engine: 'rig-tls-compose' }] });
    expect(created.code).toBe('INVALID_INPUT');
    expect(created.message).toMatch(/stages\.0\.engine: .*"rig-tls-compose".*service "db": \.\/conf:\/etc\/conf.*named volumes/);
    expect((await call(app, 'projects.list', {})).projects.some((x) => x.name === 'itcr-bind')).toBe(false);

    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itcr-bind', image: WEB, compose: yaml(), stages: [{ name: 'prod', tagPattern: 'r*', engine: 'rig-tls-compose' }, { name: 'dev', tagPattern: 'r*' }] });
    const updated = await callError(app, 'projects.update', { id: p.id, compose: yaml(', "/srv/x:/x"') });
    expect(updated.message).toMatch(/stage prod.*service "db": \/srv\/x:\/x/);
    expect((await projectNamed(app, 'itcr-bind')).compose).toBeTruthy();

    // A local stage may bind; moving it to the remote engine is refused while the file binds.
    const local = await call(app, 'projects.create', { kind: 'compose', name: 'itcr-bind-local', image: WEB, compose: yaml(', "./conf:/etc/conf"'), stages: [{ name: 'dev', tagPattern: 'r*' }] });
    const moved = await callError(app, 'stages.update', { stageId: local.stages[0]!.id, engine: 'rig-tls-compose' });
    expect(moved.message).toMatch(/engine: .*bind folder/);
    expect((await projectNamed(app, 'itcr-bind-local')).stages[0]?.engine).toBe('local');
  });
});

describeEngine('compose stacks on a remote engine over SSH', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-compose-remote-ssh-');
  let app: App;

  beforeAll(async () => {
    const ssh = await ensureRigSsh();
    await buildTestApp({ repository: DB, tag: '1', version: 'rdb1' });
    for (const tag of ['r1', 'r2']) await buildTestApp({ repository: WEB, tag });
    app = await startAppWithoutLocalEngine(dataDir);
    await call(app, 'engines.add', { kind: 'ssh', name: 'rig-ssh-compose', url: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, keyFile: ssh.clientKey, socket: '/tmp/slw/docker.sock' });
    const view = await call(app, 'engines.acceptHostKey', { name: 'rig-ssh-compose', fingerprint: ssh.fingerprint });
    expect(view.state.reachable).toBe(true);
  }, 120_000);

  afterAll(async () => {
    for (const p of (await call(app, 'projects.list', {})).projects) if (p.name.startsWith('itcr-')) await call(app, 'projects.remove', { id: p.id, removeVolumes: true }).catch(() => undefined);
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('deploys the stack on the SSH engine (the CLI over the SSH connection), then swaps web under keep-alive load: 0 failed requests', async () => {
    await swapOnEngine(app, dataDir, 'rig-ssh-compose', 'itcr-ssh');
  });
});
