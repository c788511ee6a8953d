import { describe, expect, it } from 'vitest';
import type { Volume } from '../../preload/contract';
import { locateVolume, volumePlaces, type PlaceInput } from './volume-places';

const vol = (scope: Volume['scope'], target: string, source?: string): Volume => ({ scope, target, readOnly: false, ...(source ? { source } : {}) });

const input: PlaceInput = {
  projectId: 3,
  volumes: [vol('project', '/data'), vol('stage', '/cache'), vol('instance', '/tmpdata'), vol('named', '/db', 'pgdata'), vol('absolute', '/srv', '/srv/site'), vol('ephemeral', '/run/app')],
  stages: [
    { id: 10, name: 'dev', engine: 'local', remote: false },
    { id: 11, name: 'prod', engine: 'local', remote: false },
  ],
  instances: [
    { id: 7, stageId: 10, status: 'live', containerId: 'c7' },
    { id: 6, stageId: 10, status: 'stopped', containerId: 'c6' },
  ],
  installId: 'abcdef0123',
};

/** The same project with prod on a remote engine ("far") and a live instance there. */
const split: PlaceInput = {
  ...input,
  stages: [input.stages[0]!, { id: 11, name: 'prod', engine: 'far', remote: true }],
  instances: [...input.instances, { id: 9, stageId: 11, status: 'live', containerId: 'c9' }],
};

describe('volumePlaces', () => {
  const views = volumePlaces(input);
  const labels = (target: string): string[] => views.find((v) => v.target === target)?.places.map((p) => p.label) ?? [];

  it('gives one place to project, named and absolute volumes', () => {
    expect(labels('/data')).toEqual(['shared by every stage']);
    expect(labels('/db')).toEqual(['Docker volume pgdata']);
    expect(labels('/srv')).toEqual(['/srv/site']);
  });
  it('gives stage volumes one place per stage and instance volumes one per instance', () => {
    expect(labels('/cache')).toEqual(['dev', 'prod']);
    expect(labels('/tmpdata')).toEqual(['dev · instance 7 (live)', 'dev · instance 6', 'prod']);
    const prod = views.find((v) => v.target === '/tmpdata')?.places[2];
    expect(prod?.browsable).toBe(false);
  });
  it('explains why memory-only volumes cannot be opened', () => {
    const places = views.find((v) => v.target === '/run/app')?.places ?? [];
    expect(places).toHaveLength(1);
    expect(places[0]?.browsable).toBe(false);
    expect(places[0]?.reason).toMatch(/inside the running container/);
  });
});

describe('volumePlaces across engines', () => {
  const views = volumePlaces(split);
  const places = (target: string) => views.find((v) => v.target === target)?.places.map((p) => [p.label, p.stageId, p.engine]) ?? [];

  it('gives project and named volumes one copy per engine, and says which', () => {
    expect(places('/data')).toEqual([
      ['shared by every stage', null, 'local'],
      ['shared by every stage on engine far', null, 'far'],
    ]);
    expect(places('/db')).toEqual([
      ['Docker volume pgdata', null, 'local'],
      ['Docker volume pgdata · on engine far', null, 'far'],
    ]);
  });
  it('labels a remote stage\'s and instance\'s copies with their engine', () => {
    expect(places('/cache')).toEqual([
      ['dev', 10, 'local'],
      ['prod · on engine far', 11, 'far'],
    ]);
    expect(places('/tmpdata').at(-1)).toEqual(['prod · instance 9 (live) · on engine far', 11, 'far']);
  });
  it('keeps a project whose stages are all remote off this machine\'s folders', () => {
    const remoteOnly = volumePlaces({ ...split, stages: [{ id: 11, name: 'prod', engine: 'far', remote: true }] });
    expect(remoteOnly.find((v) => v.target === '/data')?.places.map((p) => p.engine)).toEqual(['far']);
  });
});

describe('locateVolume', () => {
  it('maps scopes to host folders under the data directory', () => {
    expect(locateVolume(input, '/d', { projectId: 3, target: '/data' })).toEqual({ kind: 'dir', root: '/d/volumes/p3/project/data', absolute: false });
    expect(locateVolume(input, '/d', { projectId: 3, target: '/cache', stageId: 11 })).toEqual({ kind: 'dir', root: '/d/volumes/p3/s11/stage/cache', absolute: false });
    expect(locateVolume(input, '/d', { projectId: 3, target: '/tmpdata', stageId: 10, instanceId: 6 })).toEqual({ kind: 'dir', root: '/d/volumes/p3/s10/i6/tmpdata', absolute: false });
  });
  it('maps named volumes to the engine', () => {
    expect(locateVolume(input, '/d', { projectId: 3, target: '/db' })).toEqual({ kind: 'named', name: 'pgdata', engine: 'local' });
  });
  it('opens a remote stage\'s copies as the Docker volumes the deployer made on its engine', () => {
    expect(locateVolume(split, '/d', { projectId: 3, target: '/cache', stageId: 11 })).toEqual({ kind: 'named', name: 'slipway-abcdef-p3-s11-cache', engine: 'far' });
    expect(locateVolume(split, '/d', { projectId: 3, target: '/tmpdata', stageId: 11, instanceId: 9 })).toEqual({ kind: 'named', name: 'slipway-abcdef-p3-s11-i9-tmpdata', engine: 'far' });
    expect(locateVolume(split, '/d', { projectId: 3, target: '/data', engine: 'far' })).toEqual({ kind: 'named', name: 'slipway-abcdef-p3-project-data', engine: 'far' });
    expect(locateVolume(split, '/d', { projectId: 3, target: '/db', engine: 'far' })).toEqual({ kind: 'named', name: 'pgdata', engine: 'far' });
    // The local stage's copies stay this machine's folders.
    expect(locateVolume(split, '/d', { projectId: 3, target: '/cache', stageId: 10 })).toEqual({ kind: 'dir', root: '/d/volumes/p3/s10/stage/cache', absolute: false });
    expect(locateVolume(split, '/d', { projectId: 3, target: '/data' })).toEqual({ kind: 'dir', root: '/d/volumes/p3/project/data', absolute: false });
  });
  it('refuses an engine no stage runs on', () => {
    expect(() => locateVolume(split, '/d', { projectId: 3, target: '/db', engine: 'elsewhere' })).toThrow(/No stage of this project runs on the engine "elsewhere".*local, far/);
  });
  it('says what is missing', () => {
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/nope' })).toThrow(/no volume mounted at \/nope/);
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/cache' })).toThrow(/choose a stage/);
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/tmpdata', stageId: 11, instanceId: 7 })).toThrow(/choose an instance of stage prod/);
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/run/app', stageId: 10, instanceId: 7 })).toThrow(/memory-only/);
  });
});
