import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extract, pack } from 'tar-stream';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VolumeRef } from '../../preload/contract';
import { AppError } from '../../main/dispatch/app-error';
import { openStore, type Db } from '../../main/store/db';
import { InstanceRepo } from '../../main/store/instance-repo';
import { ProjectRepo } from '../../main/store/project-repo';
import { StageRepo } from '../../main/store/stage-repo';
import { volumeHandlers } from '../../main/volumes/handlers';
import { volumeRawRoutes } from '../../main/volumes/http-routes';
import { HELPER_LABEL } from '../../main/volumes/engine-opener';
import { VolumeService } from '../../main/volumes/volume-service';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { serveRawRoutes } from './volumes-support';

const LABEL = 'slipway.test';
const REPO = 'localhost:5000/it-volumes/web';

describeEngine('volume browser against a real engine', () => {
  const docker = rigDocker();
  const volumeName = `slw-it-vol-${randomBytes(3).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-vol-'));
  const allowedRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-root-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-outside-'));
  let db: Db;
  let handlers: ReturnType<typeof volumeHandlers>;
  let server: { url: string; close: () => Promise<void> };
  let container: Docker.Container;
  let projectId = 0;
  let stageId = 0;
  let instanceId = 0;
  let image = '';
  let maxUpload = 1024 ** 3;

  const ref = (target: string, extra: Partial<VolumeRef> = {}): VolumeRef => ({ projectId, target, ...extra });
  const exec = async (cmd: string): Promise<void> => {
    const e = await container.exec({ Cmd: ['sh', '-c', cmd], AttachStdout: true, AttachStderr: true });
    const s = await e.start({});
    s.resume();
    await new Promise((r) => s.on('end', r));
  };
  const raw = (r: VolumeRef, p: string): string => {
    const q = new URLSearchParams({ projectId: String(r.projectId), target: r.target, path: p });
    if (r.stageId !== undefined) q.set('stageId', String(r.stageId));
    if (r.instanceId !== undefined) q.set('instanceId', String(r.instanceId));
    return `${server.url}/api/raw/volumes/file?${q.toString()}`;
  };
  const refused = async (p: unknown): Promise<AppError> => {
    const e = await Promise.resolve(p).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  };

  beforeAll(async () => {
    image = (await buildTestApp({ repository: REPO, tag: '1.0', push: false })).ref;
    db = openStore(path.join(dataDir, 'slipway.db'));
    const projects = new ProjectRepo(db);
    const stages = new StageRepo(db);
    const instances = new InstanceRepo(db);
    const project = projects.insert({
      name: 'web',
      image: REPO,
      port: 8080,
      health: null,
      env: {},
      volumes: [
        { scope: 'project', target: '/data', readOnly: false },
        { scope: 'named', target: '/db', source: volumeName, readOnly: false },
        { scope: 'ephemeral', target: '/run/app', readOnly: false },
        { scope: 'absolute', target: '/srv', source: allowedRoot, readOnly: false },
        { scope: 'absolute', target: '/escape', source: path.join(allowedRoot, 'to-outside'), readOnly: false },
      ],
      limits: {},
      pullPolicy: 'never',
      restartPolicy: 'no',
      stopTimeoutSec: 1,
    });
    projectId = project.id;
    stageId = stages.insert({ projectId, name: 'dev', tagPattern: '*', semverRange: null, autoDeploy: true, autoPromote: false, publicPort: 41999, maxInstances: 1, upstreamStageId: null, env: {}, pollEnabled: false, mode: 'http' }).id;
    const projectDir = path.join(dataDir, 'volumes', `p${String(projectId)}`, 'project', 'data');
    fs.mkdirSync(projectDir, { recursive: true });
    container = await docker.createContainer({
      Image: image,
      Labels: { [LABEL]: 'it-volumes' },
      HostConfig: {
        Binds: [`${projectDir}:/data`],
        Mounts: [
          { Type: 'volume', Source: volumeName, Target: '/db' },
          { Type: 'tmpfs', Source: '', Target: '/run/app' },
        ],
      },
    });
    await container.start();
    const inst = instances.insert({ stageId, deployId: null, containerName: 'it-volumes', tag: '1.0', digest: 'sha256:x', imageRef: image, hostPort: 1 });
    instances.setContainer(inst.id, container.id);
    instances.setStatus(inst.id, 'live');
    instanceId = inst.id;
    // The app writes /data/hello.txt itself; give the others a file too, plus links out of and within the volume.
    await exec('mkdir -p /db/sub && echo "db line" > /db/sub/notes.txt');
    const links = pack();
    links.entry({ name: 'etc-link', type: 'symlink', linkname: '/etc' });
    links.entry({ name: 'notes-link', type: 'symlink', linkname: '/db/sub/notes.txt' });
    links.finalize();
    await container.putArchive(links as unknown as NodeJS.ReadableStream, { path: '/db' });
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
    fs.symlinkSync(outside, path.join(projectDir, 'out'));
    fs.symlinkSync('hello.txt', path.join(projectDir, 'hello-link'));
    fs.symlinkSync(outside, path.join(allowedRoot, 'to-outside'));

    const service = new VolumeService({ projects, stages, instances, dataDir, docker: () => docker, allowedRoots: () => [allowedRoot] });
    handlers = volumeHandlers(service);
    server = await serveRawRoutes(volumeRawRoutes(service, { maxUploadBytes: () => maxUpload }));
    // wait for the app's own /data/hello.txt
    for (let i = 0; i < 100 && !fs.existsSync(path.join(projectDir, 'hello.txt')); i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    await server?.close();
    await container?.remove({ force: true }).catch(() => undefined);
    for (const c of await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } })) await docker.getContainer(c.Id).remove({ force: true });
    await docker.getVolume(volumeName).remove().catch(() => undefined);
    db?.close();
    for (const d of [dataDir, allowedRoot, outside]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('lists every volume with the places it can be opened', () => {
    const { volumes } = handlers['volumes.list']({ projectId }) as { volumes: { target: string; places: { label: string; browsable: boolean }[] }[] };
    expect(volumes.map((v) => [v.target, v.places.map((p) => p.label)])).toEqual([
      ['/data', ['shared by every stage']],
      ['/db', [`Docker volume ${volumeName}`]],
      ['/run/app', ['in the container’s memory']],
      ['/srv', [allowedRoot]],
      ['/escape', [path.join(allowedRoot, 'to-outside')]],
    ]);
  });

  it('lists, previews and downloads a file the container wrote in a project folder', async () => {
    const listing = await handlers['volumes.browse']({ ref: ref('/data'), path: '' });
    const hello = listing.entries.find((e) => e.name === 'hello.txt');
    expect(hello).toMatchObject({ kind: 'file', size: Buffer.byteLength('hello from 1.0\n') });
    expect(listing.entries.find((e) => e.name === 'out')).toMatchObject({ kind: 'symlink', linkTarget: outside });
    const preview = await handlers['volumes.preview']({ ref: ref('/data'), path: 'hello.txt', maxBytes: 1000 });
    expect(preview.text).toBe('hello from 1.0\n');
    const res = await fetch(raw(ref('/data'), 'hello.txt'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('filename="hello.txt"');
    expect(await res.text()).toBe('hello from 1.0\n');
    // a link is shown as a link and never followed, even one that stays inside
    expect(listing.entries.find((e) => e.name === 'hello-link')).toMatchObject({ kind: 'symlink', linkTarget: 'hello.txt' });
    expect((await refused(handlers['volumes.preview']({ ref: ref('/data'), path: 'hello-link', maxBytes: 100 }))).message).toMatch(/never follows/);
  });

  it('uploads, creates folders and deletes in a project folder', async () => {
    await handlers['volumes.mkdir']({ ref: ref('/data'), path: 'uploads' });
    const put = await fetch(raw(ref('/data'), 'uploads/report.csv'), { method: 'PUT', body: 'a,b\n1,2\n' });
    expect(put.status).toBe(200);
    const listing = await handlers['volumes.browse']({ ref: ref('/data'), path: 'uploads' });
    expect(listing.entries.map((e) => [e.name, e.size])).toEqual([['report.csv', 8]]);
    const root = await handlers['volumes.browse']({ ref: ref('/data'), path: '' });
    expect(root.entries.find((e) => e.name === 'uploads')?.size).toBe(8);
    await handlers['volumes.delete']({ ref: ref('/data'), path: 'uploads' });
    expect((await handlers['volumes.browse']({ ref: ref('/data'), path: '' })).entries.some((e) => e.name === 'uploads')).toBe(false);
  });

  it('caps uploads at the size limit, declared or streamed, and writes nothing', async () => {
    maxUpload = 16;
    try {
      const declared = await fetch(raw(ref('/data'), 'big.txt'), { method: 'PUT', body: 'x'.repeat(17) });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { error: { message: string } }).error.message).toMatch(/limited to .*maxUploadBytes/);
      const chunks = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode('0123456789'));
          c.close();
        },
      });
      const streamed = await fetch(raw(ref('/data'), 'big.txt'), { method: 'PUT', body: chunks, duplex: 'half' });
      expect(streamed.status).toBe(413);
      expect((await handlers['volumes.browse']({ ref: ref('/data'), path: '' })).entries.some((e) => e.name.includes('big.txt'))).toBe(false);
      const fits = await fetch(raw(ref('/data'), 'small.txt'), { method: 'PUT', body: 'x'.repeat(16) });
      expect(fits.status).toBe(200);
      await handlers['volumes.delete']({ ref: ref('/data'), path: 'small.txt' });
    } finally {
      maxUpload = 1024 ** 3;
    }
  });

  it('downloads a folder as tar with its links stored as links, not followed', async () => {
    const res = await fetch(raw(ref('/data'), ''));
    expect(res.status).toBe(200);
    const names = new Map<string, string>();
    const ex = extract();
    ex.on('entry', (h, stream, next) => {
      names.set(h.name, h.type === 'symlink' ? `-> ${h.linkname ?? ''}` : (h.type ?? ''));
      stream.on('end', next);
      stream.resume();
    });
    const done = new Promise<void>((r) => ex.on('finish', () => r()));
    ex.end(Buffer.from(await res.arrayBuffer()));
    await done;
    expect(names.get('volume/out')).toBe(`-> ${outside}`);
    expect(names.get('volume/hello.txt')).toBe('file');
    expect([...names.keys()].some((n) => n.includes('secret.txt'))).toBe(false);
  });

  it('refuses every way out of the volume with a clear error', async () => {
    for (const p of ['..', '../../etc/passwd', '/etc/passwd', 'a/%2e%2e/b', '..%2fetc', 'a\\..\\b']) {
      expect((await refused(handlers['volumes.preview']({ ref: ref('/data'), path: p, maxBytes: 10 }))).code).toBe('FORBIDDEN_PATH');
    }
    const viaLink = await refused(handlers['volumes.preview']({ ref: ref('/data'), path: 'out/secret.txt', maxBytes: 10 }));
    expect(viaLink.code).toBe('FORBIDDEN_PATH');
    expect(viaLink.message).toMatch(/symbolic link/);
    expect((await refused(handlers['volumes.browse']({ ref: ref('/data'), path: 'out' }))).code).toBe('FORBIDDEN_PATH');
    expect((await refused(handlers['volumes.mkdir']({ ref: ref('/data'), path: 'out/new' }))).code).toBe('FORBIDDEN_PATH');
    const download = await fetch(raw(ref('/data'), 'out/secret.txt'));
    expect(download.status).toBe(403);
    expect(((await download.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_PATH');
    const upload = await fetch(raw(ref('/data'), 'out/new.txt'), { method: 'PUT', body: 'x' });
    expect(upload.status).toBe(403);
    expect(fs.existsSync(path.join(outside, 'new.txt'))).toBe(false);
    // deleting the link removes the link, never what it points at
    await handlers['volumes.delete']({ ref: ref('/data'), path: 'out' });
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('outside\n');
  });

  it('browses a named Docker volume through the engine, and refuses links out of it', async () => {
    const root = await handlers['volumes.browse']({ ref: ref('/db'), path: '' });
    expect(root.entries.map((e) => [e.name, e.kind])).toEqual([
      ['etc-link', 'symlink'],
      ['notes-link', 'symlink'],
      ['sub', 'dir'],
    ]);
    expect(root.entries.find((e) => e.name === 'sub')?.size).toBe(Buffer.byteLength('db line\n'));
    expect((await handlers['volumes.preview']({ ref: ref('/db'), path: 'sub/notes.txt', maxBytes: 100 })).text).toBe('db line\n');
    expect((await refused(handlers['volumes.preview']({ ref: ref('/db'), path: 'notes-link', maxBytes: 100 }))).code).toBe('FORBIDDEN_PATH');
    const out = await refused(handlers['volumes.preview']({ ref: ref('/db'), path: 'etc-link/passwd', maxBytes: 100 }));
    expect(out.code).toBe('FORBIDDEN_PATH');
    expect((await fetch(raw(ref('/db'), 'etc-link/passwd'))).status).toBe(403);
  });

  it('uploads, downloads (streamed, byte-exact), creates and deletes in a named volume', async () => {
    const big = randomBytes(24 * 1024 * 1024);
    await handlers['volumes.mkdir']({ ref: ref('/db'), path: 'blobs' });
    const put = await fetch(raw(ref('/db'), 'blobs/big.bin'), { method: 'PUT', body: big });
    expect(put.status).toBe(200);
    const got = Buffer.from(await (await fetch(raw(ref('/db'), 'blobs/big.bin'))).arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(big).digest('hex'));
    const preview = await handlers['volumes.preview']({ ref: ref('/db'), path: 'blobs/big.bin', maxBytes: 4096 });
    expect(preview).toMatchObject({ size: big.length, text: null, truncated: true });
    await handlers['volumes.delete']({ ref: ref('/db'), path: 'blobs' });
    expect((await handlers['volumes.browse']({ ref: ref('/db'), path: '' })).entries.some((e) => e.name === 'blobs')).toBe(false);
  });

  it('opens a named volume through a short-lived helper when no container mounts it', async () => {
    await container.stop({ t: 1 });
    await container.remove();
    const listing = await handlers['volumes.browse']({ ref: ref('/db'), path: 'sub' });
    expect(listing.entries.map((e) => e.name)).toEqual(['notes.txt']);
    await handlers['volumes.delete']({ ref: ref('/db'), path: 'sub/notes.txt' });
    expect((await handlers['volumes.browse']({ ref: ref('/db'), path: 'sub' })).entries).toEqual([]);
    // the helper containers are gone again
    expect(await docker.listContainers({ all: true, filters: { label: [HELPER_LABEL] } })).toEqual([]);
  });

  it('judges an absolute volume by where its source really leads', async () => {
    const e = await refused(handlers['volumes.browse']({ ref: ref('/escape'), path: '' }));
    expect(e.code).toBe('FORBIDDEN_PATH');
    expect(e.message).toContain(`really ${fs.realpathSync(outside)}`);
    expect((await handlers['volumes.browse']({ ref: ref('/srv'), path: '' })).entries.map((x) => [x.name, x.kind])).toEqual([['to-outside', 'symlink']]);
  });

  it('says plainly that a memory-only volume cannot be opened', async () => {
    const e = await refused(handlers['volumes.browse']({ ref: ref('/run/app', { stageId, instanceId }), path: '' }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/memory-only/);
  });
});
