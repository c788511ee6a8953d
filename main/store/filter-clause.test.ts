import { describe, expect, it } from 'vitest';
import { filterClause, setClause } from './filter-clause';

describe('filterClause', () => {
  it('joins the set conditions and keeps their parameters in order', () => {
    expect(filterClause([['a = ?', 1], ['b = ?', undefined], ['id < ?', 9]])).toEqual({ where: 'WHERE a = ? AND id < ?', params: [1, 9] });
  });
  it('is empty when nothing is set', () => {
    expect(filterClause([['a = ?', undefined]])).toEqual({ where: '', params: [] });
  });
});

describe('setClause', () => {
  it('sets the columns given a value, NULL included, and skips undefined ones', () => {
    expect(setClause([['a', 1], ['b', undefined], ['c', null]])).toEqual({ set: 'a = ?, c = ?', params: [1, null] });
  });
  it('is null when nothing changes', () => {
    expect(setClause([['a', undefined]])).toBeNull();
  });
});
