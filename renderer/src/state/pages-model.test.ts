import { describe, expect, it } from 'vitest';
import { addPage, mergeById, noPages, oldestId } from './pages-model';

const rows = (...ids: number[]): { id: number; v: string }[] => ids.map((id) => ({ id, v: `r${String(id)}` }));

describe('pages of a growing list', () => {
  it('merges newest first and replaces a row seen again', () => {
    const merged = mergeById(rows(5, 4), [...rows(6, 3), { id: 4, v: 'new' }]);
    expect(merged.map((r) => r.id)).toEqual([6, 5, 4, 3]);
    expect(merged.find((r) => r.id === 4)?.v).toBe('new');
  });

  it('a full page may have older rows after it; a short page is the last', () => {
    const first = addPage(noPages, rows(10, 9, 8), 3);
    expect(first).toMatchObject({ hasOlder: true });
    expect(oldestId(first.items)).toBe(8);
    const last = addPage(first, rows(7), 3);
    expect(last.hasOlder).toBe(false);
    expect(last.items.map((r) => r.id)).toEqual([10, 9, 8, 7]);
  });

  it('has no cursor before the first page', () => {
    expect(oldestId([])).toBeUndefined();
  });
});
