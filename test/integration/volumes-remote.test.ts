import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { Project, VolumeRef } from '../../preload/contract';
import { HELPER_LABEL } from '../../main/volumes/engine-opener';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { TLS_ENGINE_ADDR } from '../rig/tls';
import { call, callError, stopAppAndCleanUp, tempDir } from './deploy-support';
import { IT_ENGINES_REPO, rigTls, startEnginesApp } from './engines-support';
import { execIn, rawFileUrl, serveRawRoutes } from './volumes-support';

const REPO = `${IT_ENGINES_REPO}-volumes`;

describeEngine('the volume browser on a remote engine (TLS)', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-volumes-remote-');
  const named = `slw-it-rvol-${randomBytes(3).toString('hex')}`;
  let app: App;
  let server: { url: string; close: () => Promise<void> };
  let project: Project;
  let stageId = 0;
  let containerId = '';
  let stageVolume = '';

  beforeAll(async () => {
    await buildTestApp({ repository: REPO, tag: 'rv1' });
    app = await startEnginesApp(dataDir, `${dataDir}/known_hosts`);
    server = await serveRawRoutes(app.rawRoutes);
    const view = await call(app, 'engines.add', { kind: 'tls', name: 'rig-tls', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls(), publishAddress: '127.0.0.1' });
    expect(view.state.reachable).toBe(true);
    project = await call(app, 'projects.create', {
      image: REPO,
      name: 'rvol',
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      volumes: [
        { scope: 'named', target: '/db', source: named },
        { scope: 'stage', target: '/cache' },
      ],
      stages: [{ name: 'prod', tagPattern: 'rv*', engine: 'rig-tls' }],
    });
    stageId = project.stages[0]?.id ?? 0;
    const d = await call(app, 'stages.deploy', { stageId, tag: 'rv1', wait: true });
    expect(d.status, d.error ?? '').toBe('succeeded');
    containerId = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live?.containerId ?? '';
    stageVolume = `slipway-${app.deployments.installId.slice(0, 6)}-p${String(project.id)}-s${String(stageId)}-cache`;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await call(app, 'projects.remove', { id: project.id }).catch(() => undefined);
    await stopAppAndCleanUp(app, dataDir, docker);
    for (const c of await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } })) {
      if (c.Mounts.some((m) => m.Name === named || m.Name === stageVolume)) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    }
    for (const v of [named, stageVolume]) await docker.getVolume(v).remove().catch(() => undefined);
  });

  it('lists the copies with the engine they live on', async () => {
    const { volumes } = await call(app, 'volumes.list', { projectId: project.id });
    expect(volumes.map((v) => [v.target, v.places.map((p) => [p.label, p.stageId, p.engine, p.browsable])])).toEqual([
      ['/db', [[`Docker volume ${named} · on engine rig-tls`, null, 'rig-tls', true]]],
      ['/cache', [['prod · on engine rig-tls', stageId, 'rig-tls', true]]],
    ]);
    // The deployer mounted exactly the volumes the browser opens.
    const info = await docker.getContainer(containerId).inspect();
    expect(info.Mounts.map((m) => [m.Destination, m.Name]).sort()).toEqual([
      ['/cache', stageVolume],
      ['/db', named],
    ]);
  });

  for (const [what, ref] of [
    ['a named volume', (): VolumeRef => ({ projectId: project.id, target: '/db', engine: 'rig-tls' })],
    ['a stage volume', (): VolumeRef => ({ projectId: project.id, target: '/cache', stageId })],
  ] as const) {
    it(`writes, reads back, makes a folder in and deletes from ${what} on that engine; the container sees each change`, async () => {
      const r = ref();
      const body = `written through the browser into ${r.target}\n`;
      const put = await fetch(rawFileUrl(server.url, r, 'from-browser.txt'), { method: 'PUT', body });
      expect(put.status, await put.clone().text()).toBe(200);
      const listing = await call(app, 'volumes.browse', { ref: r, path: '' });
      expect(listing.entries.find((e) => e.name === 'from-browser.txt')).toMatchObject({ kind: 'file', size: Buffer.byteLength(body) });
      expect((await call(app, 'volumes.preview', { ref: r, path: 'from-browser.txt' })).text).toBe(body);
      const got = await fetch(rawFileUrl(server.url, r, 'from-browser.txt'));
      expect(await got.text()).toBe(body);
      expect(await execIn(docker, containerId, `cat ${r.target}/from-browser.txt`)).toBe(body);

      // What the app writes inside is what the browser shows.
      await execIn(docker, containerId, `mkdir -p ${r.target}/inside && echo from-inside > ${r.target}/inside/note.txt`);
      expect((await call(app, 'volumes.preview', { ref: r, path: 'inside/note.txt' })).text).toBe('from-inside\n');
      // A folder downloads as a tar of what it holds.
      const tar = await fetch(rawFileUrl(server.url, r, 'inside'));
      expect(tar.headers.get('content-type')).toBe('application/x-tar');
      expect(Buffer.from(await tar.arrayBuffer()).toString('latin1')).toContain('from-inside\n');

      await call(app, 'volumes.mkdir', { ref: r, path: 'made' });
      expect(await execIn(docker, containerId, `test -d ${r.target}/made && echo yes`)).toBe('yes\n');
      await call(app, 'volumes.delete', { ref: r, path: 'from-browser.txt' });
      await call(app, 'volumes.delete', { ref: r, path: 'inside' });
      expect(await execIn(docker, containerId, `ls ${r.target}`)).toBe('made\n');
      expect((await call(app, 'volumes.browse', { ref: r, path: '' })).entries.map((e) => e.name)).toEqual(['made']);
    });
  }

  it('works on a remote copy whose container is stopped (deletes through a short-lived helper on that engine)', async () => {
    await call(app, 'stages.stop', { stageId });
    const r: VolumeRef = { projectId: project.id, target: '/db', engine: 'rig-tls' };
    const put = await fetch(rawFileUrl(server.url, r, 'while-stopped.txt'), { method: 'PUT', body: 'kept\n' });
    expect(put.status).toBe(200);
    expect((await call(app, 'volumes.preview', { ref: r, path: 'while-stopped.txt' })).text).toBe('kept\n');
    await call(app, 'volumes.delete', { ref: r, path: 'while-stopped.txt' });
    expect((await call(app, 'volumes.browse', { ref: r, path: '' })).entries.map((e) => e.name)).toEqual(['made']);
  });

  it('says which engine is unreachable, and refuses an engine no stage runs on', async () => {
    const dead = await call(app, 'engines.add', { kind: 'tls', name: 'gone', url: 'tcp://127.0.0.1:9', ...rigTls(), publishAddress: '127.0.0.1' });
    expect(dead.state.reachable).toBe(false);
    const other = await call(app, 'projects.create', { image: REPO, name: 'rvol-gone', volumes: [{ scope: 'named', target: '/db', source: named }], stages: [{ name: 'far', tagPattern: 'rv*', engine: 'gone' }] });
    const e = await callError(app, 'volumes.browse', { ref: { projectId: other.id, target: '/db', engine: 'gone' }, path: '' });
    expect(e.code).toBe('ENGINE_UNAVAILABLE');
    expect(e.message).toMatch(/^Engine "gone" is unreachable: .*ECONNREFUSED.*Settings → Engines/);
    const wrong = await callError(app, 'volumes.browse', { ref: { projectId: project.id, target: '/db', engine: 'gone' }, path: '' });
    expect(wrong.message).toMatch(/No stage of this project runs on the engine "gone"/);
    await call(app, 'projects.remove', { id: other.id });
  });
});
