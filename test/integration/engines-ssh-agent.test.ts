import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { contextDirName } from '../../main/docker/docker-contexts';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { ensureRigSsh, type RigSsh } from '../rig/ssh';
import { call, get, stopAppAndCleanUp, tempDir } from './deploy-support';
import { IT_ENGINES_REPO, startEnginesApp } from './engines-support';

const REPO = `${IT_ENGINES_REPO}-agent`;
const RIG_SOCKET = '/tmp/slw/docker.sock';

describeEngine('SSH through an SSH agent, and an ssh:// Docker context', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-engines-agent-');
  const agentSocket = path.join(dataDir, 'agent.sock');
  let agentPid = 0;
  let ssh: RigSsh;
  let app: App;
  const agentEnv = (): NodeJS.ProcessEnv => ({ ...process.env, SSH_AUTH_SOCK: agentSocket });
  const addKey = (): void => void execFileSync('ssh-add', [ssh.clientKey], { env: agentEnv(), stdio: 'ignore' });

  beforeAll(async () => {
    ssh = await ensureRigSsh();
    // An agent of our own holding the rig's client key; no key file is given to Slipway.
    const out = execFileSync('ssh-agent', ['-s', '-a', agentSocket], { encoding: 'utf8' });
    agentPid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1] ?? 0);
    expect(agentPid).toBeGreaterThan(0);
    addKey();
    fs.writeFileSync(path.join(dataDir, 'known_hosts'), `${ssh.knownHostsLine}\n`);
    // The user's Docker CLI context for the same host, as `docker context create --docker host=ssh://…` writes it.
    const meta = path.join(dataDir, 'docker-config', 'contexts', 'meta', contextDirName('rig-over-ssh'));
    fs.mkdirSync(meta, { recursive: true });
    fs.writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'rig-over-ssh', Metadata: {}, Endpoints: { docker: { Host: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, SkipTLSVerify: false } } }));
    await buildTestApp({ repository: REPO, tag: 'a-v1' });
    app = await startEnginesApp(dataDir, path.join(dataDir, 'known_hosts'), { env: agentEnv() });
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
    if (agentPid > 0) process.kill(agentPid, 'SIGTERM');
  });

  it('logs in with the key the agent holds, and is refused once the agent holds none', async () => {
    const view = await call(app, 'engines.add', { kind: 'ssh', name: 'rig-agent', url: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, keyFile: null, socket: RIG_SOCKET });
    expect(view.ssh).toEqual({ keyFile: null, socket: RIG_SOCKET });
    expect(view.state).toMatchObject({ reachable: true, os: 'linux', error: null });

    execFileSync('ssh-add', ['-D'], { env: agentEnv(), stdio: 'ignore' });
    await call(app, 'engines.add', { kind: 'ssh', name: 'rig-agent-empty', url: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, keyFile: null, socket: RIG_SOCKET });
    const refused = await call(app, 'engines.test', { name: 'rig-agent-empty' });
    expect(refused.state.reachable).toBe(false);
    expect(refused.state.error).toMatch(/SSH login as .* was refused: add this machine's public key/);
    addKey();
    expect((await call(app, 'engines.test', { name: 'rig-agent-empty' })).state.reachable).toBe(true);
    await call(app, 'engines.remove', { name: 'rig-agent-empty' });
  });

  it('imports an ssh:// Docker context and deploys to it', async () => {
    const { contexts } = await call(app, 'engines.contexts', {});
    expect(contexts).toContainEqual({ name: 'rig-over-ssh', description: '', host: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, tls: false, importable: true, problem: null });
    const view = await call(app, 'engines.add', { kind: 'context', name: 'ctx-ssh', context: 'rig-over-ssh', socket: RIG_SOCKET });
    expect(view).toMatchObject({ kind: 'context', context: 'rig-over-ssh', url: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, ssh: { keyFile: null, socket: RIG_SOCKET } });
    expect(view.state).toMatchObject({ reachable: true, os: 'linux' });

    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'eng-ctx-ssh',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'prod', tagPattern: 'a-*', engine: 'ctx-ssh' }],
    });
    const stage = project.stages[0];
    const d = await call(app, 'stages.deploy', { stageId: stage?.id ?? 0, tag: 'a-v1', wait: true });
    expect(d.error).toBeNull();
    expect(d.status).toBe('succeeded');
    expect((await get(stage?.url ?? '')).body.trim()).toBe('a-v1');
    // Published on the host's loopback, reached through the SSH tunnel.
    const live = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live;
    const binding = (await docker.getContainer(live?.containerId ?? '').inspect()).NetworkSettings.Ports['8080/tcp']?.[0];
    expect(binding?.HostIp).toBe('127.0.0.1');
    expect(Number(binding?.HostPort)).not.toBe(live?.hostPort);
  });
});
