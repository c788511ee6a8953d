import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VolumeRef } from '../../preload/contract';
import { openStore, type Db } from '../../main/store/db';
import { InstanceRepo } from '../../main/store/instance-repo';
import { ProjectRepo } from '../../main/store/project-repo';
import { StageRepo } from '../../main/store/stage-repo';
import { volumeHandlers } from '../../main/volumes/handlers';
import { volumeRawRoutes } from '../../main/volumes/http-routes';
import { VolumeService } from '../../main/volumes/volume-service';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { serveRawRoutes } from './volumes-support';

const REPO = 'localhost:5000/it-volumes-race/web';
/** Rounds of every operation (browse, preview, download, upload, mkdir, delete): 6 calls each. */
const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 800);

/**
 * A container swaps a folder in its bind-mounted volume for a link to a host folder outside the
 * volume, in a tight loop, while every volume operation is called thousands of times. Nothing
 * outside may be read, listed, written, created or deleted.
 */
describeEngine('volume browser against a container racing folder ↔ link swaps', () => {
  const docker = rigDocker();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-race-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-race-outside-'));
  let db: Db;
  let handlers: ReturnType<typeof volumeHandlers>;
  let server: { url: string; close: () => Promise<void> };
  let container: Docker.Container | undefined;
  let ref: VolumeRef;
  let volumeDir = '';

  const raw = (p: string): string => {
    const q = new URLSearchParams({ projectId: String(ref.projectId), target: ref.target, path: p });
    return `${server.url}/api/raw/volumes/file?${q.toString()}`;
  };
  const outsideNames = (): string[] => fs.readdirSync(outside).sort();

  beforeAll(async () => {
    const image = (await buildTestApp({ repository: REPO, tag: '1.0', push: false })).ref;
    db = openStore(path.join(dataDir, 'slipway.db'));
    const projects = new ProjectRepo(db);
    const stages = new StageRepo(db);
    const instances = new InstanceRepo(db);
    const project = projects.insert({
      name: `race-${randomBytes(3).toString('hex')}`,
      image: REPO,
      port: 8080,
      health: null,
      env: {},
      volumes: [{ scope: 'project', target: '/data', readOnly: false }],
      limits: {},
      pullPolicy: 'never',
      restartPolicy: 'no',
      stopTimeoutSec: 1,
    });
    ref = { projectId: project.id, target: '/data' };
    volumeDir = path.join(dataDir, 'volumes', `p${String(project.id)}`, 'project', 'data');
    fs.mkdirSync(path.join(volumeDir, 'swap', 'victim'), { recursive: true });
    fs.writeFileSync(path.join(volumeDir, 'swap', 'secret.txt'), 'inside\n');
    // What lies outside: a file to read, a folder to delete.
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE\n');
    fs.writeFileSync(path.join(outside, 'OUTSIDE-ONLY'), '');
    fs.mkdirSync(path.join(outside, 'victim'));
    fs.writeFileSync(path.join(outside, 'victim', 'keep.txt'), 'keep\n');
    // Folder → link → folder, as fast as the shell goes; the delete target is put back each round.
    const loop = `while :; do mv /data/swap /data/swap.real; ln -s ${outside} /data/swap; rm /data/swap; mv /data/swap.real /data/swap; mkdir -p /data/swap/victim; done`;
    container = await docker.createContainer({
      Image: image,
      Entrypoint: ['/bin/sh', '-c', loop],
      Cmd: [],
      Labels: { 'slipway.test': 'it-volumes-race' },
      HostConfig: { Binds: [`${volumeDir}:/data`] },
    });
    await container.start();
    const service = new VolumeService({ projects, stages, instances, dataDir, docker: () => docker, allowedRoots: () => [] });
    handlers = volumeHandlers(service);
    server = await serveRawRoutes(volumeRawRoutes(service, { maxUploadBytes: () => 1024 }));
    // The loop is running once the link shows up at least once.
    for (let i = 0; i < 2000 && !fs.lstatSync(path.join(volumeDir), { throwIfNoEntry: false })?.isDirectory(); i++) await new Promise((r) => setTimeout(r, 5));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await container?.remove({ force: true }).catch(() => undefined);
    db?.close();
    for (const d of [dataDir, outside]) fs.rmSync(d, { recursive: true, force: true });
  });

  it(`escapes 0 times in ${String(ROUNDS * 6)} calls (browse, preview, download, upload, mkdir, delete)`, async () => {
    const escapes: string[] = [];
    const outcomes = new Map<string, number>();
    const count = (what: string): void => {
      outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    };
    const settle = async (op: string, p: unknown): Promise<unknown> => {
      try {
        const v = await p;
        count(`${op}:ok`);
        return v;
      } catch (e) {
        count(`${op}:${(e as { code?: string }).code ?? 'error'}`);
        return null;
      }
    };
    let sawLink = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const listing = (await settle('browse', handlers['volumes.browse']({ ref, path: 'swap' }))) as { entries: { name: string }[] } | null;
      if (listing?.entries.some((e) => e.name === 'OUTSIDE-ONLY')) escapes.push(`browse listed outside: ${listing.entries.map((e) => e.name).join(',')}`);
      const preview = (await settle('preview', handlers['volumes.preview']({ ref, path: 'swap/secret.txt', maxBytes: 100 }))) as { text: string } | null;
      if (preview?.text.includes('OUTSIDE')) escapes.push('preview read outside');
      const res = await fetch(raw('swap/secret.txt'));
      const body = await res.text();
      count(`download:${String(res.status)}`);
      if (body.includes('OUTSIDE')) escapes.push('download read outside');
      const put = await fetch(raw(`swap/up-${String(i)}.txt`), { method: 'PUT', body: 'x' });
      count(`upload:${String(put.status)}`);
      await put.arrayBuffer();
      await settle('mkdir', handlers['volumes.mkdir']({ ref, path: `swap/dir-${String(i)}` }));
      await settle('delete', handlers['volumes.delete']({ ref, path: 'swap/victim' }));
      const view = fs.lstatSync(path.join(volumeDir, 'swap'), { throwIfNoEntry: false });
      if (view?.isSymbolicLink()) sawLink++;
    }
    const leftOutside = outsideNames();
    console.log(`volume race: ${String(ROUNDS * 6)} calls, outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}, link seen after ${String(sawLink)} rounds`);
    expect(escapes).toEqual([]);
    // nothing written, created or deleted outside
    expect(leftOutside).toEqual(['OUTSIDE-ONLY', 'secret.txt', 'victim']);
    expect(fs.readdirSync(path.join(outside, 'victim'))).toEqual(['keep.txt']);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('OUTSIDE\n');
    // the race was real: some calls met the link and were refused, others went through inside
    expect(outcomes.get('preview:FORBIDDEN_PATH') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('preview:ok') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('delete:ok') ?? 0).toBeGreaterThan(0);
  }, 600_000);
});
