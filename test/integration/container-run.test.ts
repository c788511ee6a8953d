import { afterAll, beforeAll, expect, it } from 'vitest';
import type Docker from 'dockerode';
import type { App } from '../../main/app';
import { demuxDockerLog } from '../../main/deployer/docker-logs';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, get, startApp, stopAppAndCleanUp, tempDir } from './deploy-support';

const REPO = 'localhost:5000/it-run/web';
const NETWORK = `it-run-net-${String(process.pid)}`;

/** Runs a command in a running container and answers its output. */
async function exec(docker: Docker, containerId: string, cmd: string[]): Promise<string> {
  const e = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => out.push(c));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  return demuxDockerLog(Buffer.concat(out));
}

describeEngine('how the container is run: command, entrypoint, user, working directory and network', () => {
  const docker = rigDocker();
  let app: App;
  const dataDir = tempDir('slipway-it-run-');

  beforeAll(async () => {
    await buildTestApp({ repository: REPO, tag: 'r-1' });
    app = await startApp(dataDir);
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
    await docker.getNetwork(NETWORK).remove().catch(() => undefined);
  });

  it("overrides the image's entrypoint, command, user and working directory, and goes back to the image's own", async () => {
    const p = await call(app, 'projects.create', {
      image: REPO,
      name: 'it-run-overrides',
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      run: { entrypoint: ['/bin/sh', '-c'], command: ['APP_VERSION="$(pwd)-$(id -u)" exec /app/start'], user: '1000:1000', workingDir: '/tmp' },
    });
    expect(p.run.user).toBe('1000:1000');
    const stage = p.stages[0];
    if (!stage) throw new Error('no stage');
    const d = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'r-1', wait: true });
    expect(d.status, d.error ?? '').toBe('succeeded');
    expect((await get(stage.url)).body.trim()).toBe('/tmp-1000');
    const live = (await call(app, 'projects.get', { id: p.id })).stages[0]?.live;
    const info = await docker.getContainer(live?.containerId ?? '').inspect();
    expect(info.Config.User).toBe('1000:1000');
    expect(info.Config.Entrypoint).toEqual(['/bin/sh', '-c']);

    const back = await call(app, 'projects.update', { id: p.id, run: {} });
    expect(back.run).toEqual({});
    const again = await call(app, 'stages.restart', { stageId: stage.id, wait: true });
    expect(again.status, again.error ?? '').toBe('succeeded');
    expect((await get(stage.url)).body.trim()).toBe('r-1');
  });

  it('joins a network where other containers reach it by its aliases; removing the projects removes the network', async () => {
    const network = { name: NETWORK, aliases: ['backend'] };
    const api = await call(app, 'projects.create', { image: REPO, name: 'it-run-api', health: { kind: 'http', path: '/health', timeoutMs: 10_000 }, run: { network } });
    const web = await call(app, 'projects.create', { image: REPO, name: 'it-run-web', health: { kind: 'http', path: '/health', timeoutMs: 10_000 }, run: { network: { name: NETWORK, aliases: [] } } });
    for (const p of [api, web]) {
      const d = await call(app, 'stages.deploy', { stageId: p.stages[0]?.id ?? 0, tag: 'r-1', wait: true });
      expect(d.status, d.error ?? '').toBe('succeeded');
    }
    const net = await docker.getNetwork(NETWORK).inspect();
    expect(net.Labels?.['slipway.install']).toBe(app.deployments.installId);
    // Still on the stable URL through the published loopback port.
    expect((await get(web.stages[0]?.url ?? '')).body.trim()).toBe('r-1');
    const webContainer = (await call(app, 'projects.get', { id: web.id })).stages[0]?.live?.containerId ?? '';
    expect(await exec(docker, webContainer, ['wget', '-q', '-O', '-', 'http://backend:8080/health'])).toBe('ok\n');
    expect(await exec(docker, webContainer, ['wget', '-q', '-O', '-', 'http://backend-dev:8080/'])).toBe('r-1\n');

    await call(app, 'projects.remove', { id: api.id });
    // The other project still uses it.
    expect((await docker.getNetwork(NETWORK).inspect()).Name).toBe(NETWORK);
    await call(app, 'projects.remove', { id: web.id });
    await expect(docker.getNetwork(NETWORK).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('refuses run settings that cannot work, saying what to give', async () => {
    const relative = await callError(app, 'projects.create', { image: REPO, name: 'it-run-bad', run: { workingDir: 'srv' } });
    expect(relative.code).toBe('INVALID_INPUT');
    expect(relative.message).toMatch(/absolute path inside the container/);
    const user = await callError(app, 'projects.create', { image: REPO, name: 'it-run-bad', run: { user: 'root; rm -rf /' } });
    expect(user.message).toMatch(/a user name or id/);
    const empty = await callError(app, 'projects.create', { image: REPO, name: 'it-run-bad', run: { command: [] } });
    expect(empty.code).toBe('INVALID_INPUT');
  });
});
