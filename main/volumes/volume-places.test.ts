import { describe, expect, it } from 'vitest';
import type { Volume } from '../../preload/contract';
import { locateVolume, volumePlaces, type PlaceInput } from './volume-places';

const vol = (scope: Volume['scope'], target: string, source?: string): Volume => ({ scope, target, readOnly: false, ...(source ? { source } : {}) });

const input: PlaceInput = {
  projectId: 3,
  volumes: [vol('project', '/data'), vol('stage', '/cache'), vol('instance', '/tmpdata'), vol('named', '/db', 'pgdata'), vol('absolute', '/srv', '/srv/site'), vol('ephemeral', '/run/app')],
  stages: [
    { id: 10, name: 'dev' },
    { id: 11, name: 'prod' },
  ],
  instances: [
    { id: 7, stageId: 10, status: 'live', containerId: 'c7' },
    { id: 6, stageId: 10, status: 'stopped', containerId: 'c6' },
  ],
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

describe('locateVolume', () => {
  it('maps scopes to host folders under the data directory', () => {
    expect(locateVolume(input, '/d', { projectId: 3, target: '/data' })).toEqual({ kind: 'dir', root: '/d/volumes/p3/project/data', absolute: false });
    expect(locateVolume(input, '/d', { projectId: 3, target: '/cache', stageId: 11 })).toEqual({ kind: 'dir', root: '/d/volumes/p3/s11/stage/cache', absolute: false });
    expect(locateVolume(input, '/d', { projectId: 3, target: '/tmpdata', stageId: 10, instanceId: 6 })).toEqual({ kind: 'dir', root: '/d/volumes/p3/s10/i6/tmpdata', absolute: false });
  });
  it('maps named volumes to the engine', () => {
    expect(locateVolume(input, '/d', { projectId: 3, target: '/db' })).toEqual({ kind: 'named', name: 'pgdata' });
  });
  it('says what is missing', () => {
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/nope' })).toThrow(/no volume mounted at \/nope/);
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/cache' })).toThrow(/choose a stage/);
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/tmpdata', stageId: 11, instanceId: 7 })).toThrow(/choose an instance of stage prod/);
    expect(() => locateVolume(input, '/d', { projectId: 3, target: '/run/app', stageId: 10, instanceId: 7 })).toThrow(/memory-only/);
  });
});
