import { describe, expect, it } from 'vitest';
import { crumbs, joinPath, placeOptions, sortEntries } from './files-model';

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
});
