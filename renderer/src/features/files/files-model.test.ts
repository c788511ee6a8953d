import { describe, expect, it } from 'vitest';
import { crumbs, joinPath, placeOptions, placeRef, sortEntries } from './files-model';

describe('files model', () => {
  it('builds breadcrumbs', () => {
    expect(crumbs('a/b', '/data')).toEqual([
      { name: '/data', path: '' },
      { name: 'a', path: 'a' },
      { name: 'b', path: 'a/b' },
    ]);
    expect(crumbs('', '/data')).toHaveLength(1);
    expect(joinPath('', 'x')).toBe('x');
    expect(joinPath('a', 'x')).toBe('a/x');
  });
  it('sorts folders first', () => {
    const e = (name: string, kind: 'file' | 'dir') => ({ name, kind, size: 1, mtime: 1, linkTarget: null });
    expect(sortEntries([e('b', 'file'), e('z', 'dir'), e('a', 'file')]).map((x) => x.name)).toEqual(['z', 'a', 'b']);
  });
  it('lists every place of every volume', () => {
    const opts = placeOptions([
      { target: '/data', scope: 'stage', source: null, readOnly: false, places: [{ label: 'dev', stageId: 1, instanceId: null, browsable: true, reason: null }, { label: 'prod', stageId: 2, instanceId: null, browsable: true, reason: null }] },
    ]);
    expect(opts.map((o) => o.label)).toEqual(['/data — stage, dev', '/data — stage, prod']);
    expect(new Set(opts.map((o) => o.key)).size).toBe(2);
  });
  it('names the services of a stack volume and the engine of a copy, and opens each by its own ref', () => {
    const opts = placeOptions([
      { target: '/var/lib/db', scope: 'named', source: 'dbdata', readOnly: false, service: 'db', services: ['db', 'worker'], places: [{ label: 'dev · Docker volume shop_dev_dbdata', stageId: 4, instanceId: null, browsable: true, reason: null, engine: 'local' }] },
      { target: '/data', scope: 'project', source: null, readOnly: false, places: [{ label: 'shared by every stage', stageId: null, instanceId: null, browsable: true, reason: null, engine: 'local' }, { label: 'shared by every stage on engine far', stageId: null, instanceId: null, browsable: true, reason: null, engine: 'far' }] },
    ]);
    expect(opts.map((o) => o.label)).toEqual(['db, worker · /var/lib/db — named, dev · Docker volume shop_dev_dbdata', '/data — project, shared by every stage', '/data — project, shared by every stage on engine far']);
    expect(new Set(opts.map((o) => o.key)).size).toBe(3);
    expect(opts.map((o) => placeRef(9, o))).toEqual([
      { projectId: 9, target: '/var/lib/db', stageId: 4, service: 'db' },
      { projectId: 9, target: '/data' },
      { projectId: 9, target: '/data', engine: 'far' },
    ]);
  });
});
