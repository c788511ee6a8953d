import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppEvent } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { ensureRigSsh, sshSessionPids, type RigSsh } from '../rig/ssh';
import { call, callError, get, keepAliveLoad, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { IT_ENGINES_REPO, startEnginesApp } from './engines-support';

const REPO = `${IT_ENGINES_REPO}-ssh`;

describeEngine('a remote engine over SSH', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-engines-ssh-');
  const knownHosts = `${dataDir}/known_hosts`;
  let ssh: RigSsh;
  let app: App;
  let url = '';

  beforeAll(async () => {
    ssh = await ensureRigSsh();
    // Another key for the same host under its other name: that name's key has "changed".
    fs.writeFileSync(knownHosts, `[localhost]:${String(ssh.port)} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHcQnVvXHZq5hbXjq1kDg+7r8wBZmn8Uu5C7m0fH2m1q\n`);
    for (const tag of ['s-v1', 's-v2']) await buildTestApp({ repository: REPO, tag, server: 'httpd' });
    // Periodic passes far apart: deaths on the SSH engine are seen through its own event stream.
    app = await startEnginesApp(dataDir, knownHosts, { reconcileIntervalMs: 600_000 });
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  const engineInput = (name: string, host = '127.0.0.1') => ({ kind: 'ssh' as const, name, url: `ssh://${ssh.user}@${host}:${String(ssh.port)}`, keyFile: ssh.clientKey, socket: '/tmp/slw/docker.sock' });

  it('refuses an unknown host key until the user accepts the fingerprint shown', async () => {
    const added = await call(app, 'engines.add', engineInput('rig-ssh'));
    expect(added.state.reachable).toBe(false);
    expect(added.state.error).toMatch(/host key of this engine is not known yet/);
    expect(added.state.error).toMatch(/accept it in Settings → Engines/);
    expect(added.hostKeyPending).toEqual({ algorithm: 'ssh-ed25519', fingerprint: ssh.fingerprint, reason: 'unknown' });
    // Stages cannot use it meanwhile.
    const project = await call(app, 'projects.create', { image: REPO, name: 'eng-ssh-early', stages: [{ name: 'dev', tagPattern: 's-*', engine: 'rig-ssh' }] });
    const early = await call(app, 'stages.deploy', { stageId: project.stages[0]?.id ?? 0, tag: 's-v1', wait: true });
    expect(early.status).toBe('failed');
    expect(early.error).toMatch(/not answering/);
    expect(project.stages[0]?.engineReachable).toBe(false);
    await call(app, 'projects.remove', { id: project.id });

    const wrong = await callError(app, 'engines.acceptHostKey', { name: 'rig-ssh', fingerprint: 'SHA256:somethingelse' });
    expect(wrong.message).toMatch(/not SHA256:somethingelse/);
    const accepted = await call(app, 'engines.acceptHostKey', { name: 'rig-ssh', fingerprint: ssh.fingerprint });
    expect(accepted.state).toMatchObject({ reachable: true, os: 'linux', error: null });
    expect(accepted.acceptedHostKeys).toEqual([{ algorithm: 'ssh-ed25519', fingerprint: ssh.fingerprint }]);
    expect(accepted.hostKeyPending).toBeNull();
  });

  it('refuses a host whose key differs from known_hosts, saying it changed and what to do', async () => {
    const view = await call(app, 'engines.add', engineInput('ssh-changed', 'localhost'));
    expect(view.state.reachable).toBe(false);
    expect(view.state.error).toMatch(/CHANGED/);
    expect(view.state.error).toMatch(/ssh-keygen -R/);
    expect(view.hostKeyPending?.reason).toBe('changed');
    await call(app, 'engines.remove', { name: 'ssh-changed' });
  });

  it('deploys over SSH; the tunnel is cut mid-load and re-opens, and no request fails', async () => {
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'eng-ssh',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      stages: [{ name: 'prod', tagPattern: 's-*', engine: 'rig-ssh' }],
    });
    const stageId = project.stages[0]?.id ?? 0;
    url = project.stages[0]?.url ?? '';
    const d1 = await call(app, 'stages.deploy', { stageId, tag: 's-v1', wait: true });
    expect(d1.error).toBeNull();
    expect((await get(url)).body.trim()).toBe('s-v1');
    const live = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live;
    const binding = (await docker.getContainer(live?.containerId ?? '').inspect()).NetworkSettings.Ports['8080/tcp']?.[0];
    // Published on the remote host's loopback only; reached through the tunnel.
    expect(binding?.HostIp).toBe('127.0.0.1');

    const states: { at: number; reachable: boolean }[] = [];
    const off = app.bus.onPush((topic, payload) => {
      const p = payload as { name?: string; state?: { reachable?: boolean } };
      if (topic === 'engines.state' && p.name === 'rig-ssh') states.push({ at: Date.now(), reachable: p.state?.reachable === true });
    });
    const load = keepAliveLoad(url, 4);
    await waitFor('traffic', () => load.ok > 50);
    const sessions = sshSessionPids(ssh.pid);
    expect(sessions.length).toBeGreaterThan(0);
    const cutAt = Date.now();
    const okAtCut = load.ok;
    for (const pid of sessions) process.kill(pid, 'SIGKILL');
    // The cut really happens under load: requests are in flight on the connection that dies.
    await waitFor('traffic after the tunnel re-opened', () => load.ok > okAtCut + 100);
    // A new SSH connection carries it: the old sessions are gone, others serve.
    const reopened = sshSessionPids(ssh.pid);
    expect(reopened.some((p) => !sessions.includes(p))).toBe(true);
    expect(reopened.filter((p) => sessions.includes(p))).toEqual([]);
    // The engine showed unreachable at once, and reachable again once the connection re-opened.
    await waitFor('the engine reachable again', () => states.at(-1)?.reachable === true);
    off();
    const down = states.find((s) => !s.reachable && s.at >= cutAt);
    expect(down).toBeDefined();
    expect((down?.at ?? Infinity) - cutAt).toBeLessThan(2_000);
    expect(states.filter((s) => s.at >= cutAt).map((s) => s.reachable)).toEqual([false, true]);

    const d2 = await call(app, 'stages.deploy', { stageId, tag: 's-v2', wait: true });
    await waitFor('answers of the new version', () => load.versions.includes('s-v2') && load.ok > okAtCut + 300);
    await load.stop();
    expect(d2.status).toBe('succeeded');
    expect(load.versions).toEqual(['s-v1', 's-v2']);
    // Every request was answered: those cut with the connection were sent again once it re-opened.
    expect(load.failures).toEqual([]);

    // The engine's event stream died with the connection and was followed again: a death there is seen at once.
    const died: AppEvent[] = [];
    const offDied = app.bus.onEvent((e) => {
      if (e.type === 'instance.died' && e.stageId === stageId) died.push(e);
    });
    const liveId = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live?.containerId ?? '';
    const killedAt = Date.now();
    await docker.getContainer(liveId).kill({ signal: 'SIGKILL' });
    await waitFor('the death reported', () => died[0], 20_000);
    offDied();
    expect((died[0]?.ts ?? Infinity) - killedAt).toBeLessThan(5_000);
    await waitFor('the stable URL answering again', async () => (await get(url).catch(() => ({ status: 0, body: '' }))).status === 200, 20_000);
  });

  it('an extra container port is published on the remote host too and tunnelled to its own stable URL here', async () => {
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'eng-ssh-ports',
      port: 8080,
      ports: [9090],
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      // A second server on 9090 answers "<version>-b".
      run: { entrypoint: ['/bin/sh', '-c'], command: ['mkdir -p /tmp/b && echo "$APP_VERSION-b" > /tmp/b/index.html && httpd -p 9090 -h /tmp/b && exec /app/start'] },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      stages: [{ name: 'prod', tagPattern: 's-*', engine: 'rig-ssh' }],
    });
    const stage = project.stages[0]!;
    const extra = stage.urls?.find((u) => u.containerPort === 9090);
    for (const tag of ['s-v1', 's-v2']) {
      const d = await call(app, 'stages.deploy', { stageId: stage.id, tag, wait: true });
      expect(d.status, d.error ?? '').toBe('succeeded');
      // Each URL reaches its own container port through the tunnel (the primary one is not taken for the other).
      expect((await get(stage.url)).body.trim()).toBe(tag);
      expect((await get(extra!.url)).body.trim()).toBe(`${tag}-b`);
    }
    const live = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live;
    const binding = (await docker.getContainer(live?.containerId ?? '').inspect()).NetworkSettings.Ports['9090/tcp']?.[0];
    expect(binding?.HostIp).toBe('127.0.0.1');
    await call(app, 'projects.remove', { id: project.id });
  });

  it('a stage shows its engine unreachable while the engine does not answer', async () => {
    const before = await call(app, 'projects.list', {});
    const stage = before.projects.find((p) => p.name === 'eng-ssh')?.stages[0];
    expect(stage?.engineReachable).toBe(true);
    await call(app, 'engines.add', { ...engineInput('ssh-down'), url: `ssh://${ssh.user}@127.0.0.1:1` });
    const project = await call(app, 'projects.create', { image: REPO, name: 'eng-ssh-down', stages: [{ name: 'dev', tagPattern: 's-*', engine: 'ssh-down' }] });
    expect(project.stages[0]?.engineReachable).toBe(false);
    await call(app, 'projects.remove', { id: project.id });
    await call(app, 'engines.remove', { name: 'ssh-down' });
  });
});
