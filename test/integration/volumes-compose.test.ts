import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { Project, VolumeRef } from '../../preload/contract';
import { stackName } from '../../main/sources/compose/stack-plan';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, startApp, stopAppAndCleanUp, tempDir } from './deploy-support';
import { companions } from './compose-support';
import { execIn, rawFileUrl, serveRawRoutes } from './volumes-support';

const WEB = 'localhost:5000/it-volumes-compose/web';
const DB = 'localhost:5000/it-volumes-compose/db';
const NAME = 'itvc-files';

/** web (tracked) and its db companion share a named volume; db also has a folder of the stack and one outside it. */
const yaml = (outside: string): string =>
  [
    'services:',
    '  web:',
    `    image: ${WEB}:latest`,
    '    ports: ["8080"]',
    '    volumes: ["dbdata:/shared"]',
    '  db:',
    `    image: ${DB}:1`,
    `    volumes: ["dbdata:/data", "./files:/files", "${outside}:/outside"]`,
    'volumes:',
    '  dbdata: {}',
    '',
  ].join('\n');

describeEngine('the volume browser on a compose stack (real docker-compose)', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-volumes-compose-');
  const outside = tempDir('slipway-it-volumes-outside-');
  const stack = stackName(NAME, 'dev');
  let app: App;
  let server: { url: string; close: () => Promise<void> };
  let project: Project;
  let stageId = 0;
  let db = '';

  beforeAll(async () => {
    await buildTestApp({ repository: DB, tag: '1', version: 'db1' });
    await buildTestApp({ repository: WEB, tag: 'c1' });
    app = await startApp(dataDir);
    server = await serveRawRoutes(app.rawRoutes);
    project = await call(app, 'projects.create', { kind: 'compose', name: NAME, image: WEB, compose: yaml(outside), health: { kind: 'http', path: '/health', timeoutMs: 15_000 }, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'c*' }] });
    stageId = project.stages[0]?.id ?? 0;
    const d = await call(app, 'stages.deploy', { stageId, tag: 'c1', wait: true });
    expect(d.status, d.error ?? '').toBe('succeeded');
    db = (await companions(docker, stack)).get('db')?.Id ?? '';
    expect(db).not.toBe('');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await call(app, 'projects.remove', { id: project.id, removeVolumes: true }).catch(() => undefined);
    await stopAppAndCleanUp(app, dataDir, docker);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('lists the stack\'s named volume and bind folders per stage, labelled with their services', async () => {
    const { volumes } = await call(app, 'volumes.list', { projectId: project.id });
    const folder = path.join(dataDir, 'stacks', String(stageId), 'files');
    expect(volumes.map((v) => [v.services, v.service, v.target, v.scope, v.places.map((p) => [p.label, p.stageId])])).toEqual([
      [['web', 'db'], 'web', '/shared', 'named', [[`dev · Docker volume ${stack}_dbdata`, stageId]]],
      [['db'], 'db', '/files', 'stage', [[`dev · ${folder}`, stageId]]],
      [['db'], 'db', '/outside', 'absolute', [[outside, null]]],
    ]);
    // Compose made exactly the volume the browser names.
    const info = await docker.getContainer(db).inspect();
    expect(info.Mounts.find((m) => m.Destination === '/data')?.Name).toBe(`${stack}_dbdata`);
  });

  it('writes into the named volume through the browser; the companion sees it, and the tracked web too', async () => {
    const ref: VolumeRef = { projectId: project.id, service: 'web', target: '/shared', stageId };
    const put = await fetch(rawFileUrl(server.url, ref, 'from-browser.txt'), { method: 'PUT', body: 'hello db\n' });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await execIn(docker, db, 'cat /data/from-browser.txt')).toBe('hello db\n');
    const web = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live?.containerId ?? '';
    expect(await execIn(docker, web, 'cat /shared/from-browser.txt')).toBe('hello db\n');
    // The same copy through the companion's own mount.
    const viaDb: VolumeRef = { projectId: project.id, service: 'db', target: '/data', stageId };
    expect((await call(app, 'volumes.preview', { ref: viaDb, path: 'from-browser.txt' })).text).toBe('hello db\n');
    await call(app, 'volumes.delete', { ref: viaDb, path: 'from-browser.txt' });
    expect(await execIn(docker, db, 'ls /data')).not.toMatch(/from-browser/);
  });

  it('writes into the stack\'s bind folder; a folder outside the stack needs an allowed root', async () => {
    const files: VolumeRef = { projectId: project.id, service: 'db', target: '/files', stageId };
    await call(app, 'volumes.mkdir', { ref: files, path: 'made' });
    const put = await fetch(rawFileUrl(server.url, files, 'made/note.txt'), { method: 'PUT', body: 'in the stack folder\n' });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await execIn(docker, db, 'cat /files/made/note.txt')).toBe('in the stack folder\n');

    const out: VolumeRef = { projectId: project.id, service: 'db', target: '/outside' };
    const refused = await callError(app, 'volumes.browse', { ref: out, path: '' });
    expect(refused.code).toBe('FORBIDDEN_PATH');
    expect(refused.message).toMatch(/not under an allowed volume root/);
    await call(app, 'settings.update', { allowedVolumeRoots: [outside] });
    fs.writeFileSync(path.join(outside, 'seen.txt'), 'from the host\n');
    expect((await call(app, 'volumes.browse', { ref: out, path: '' })).entries.map((e) => e.name)).toContain('seen.txt');

    const stageless = await callError(app, 'volumes.browse', { ref: { projectId: project.id, service: 'db', target: '/data' }, path: '' });
    expect(stageless.message).toMatch(/one copy per stage: choose a stage/);
    const unknown = await callError(app, 'volumes.browse', { ref: { projectId: project.id, service: 'cache', target: '/data', stageId }, path: '' });
    expect(unknown.message).toMatch(/"cache" mounts nothing at \/data/);
  });
});
