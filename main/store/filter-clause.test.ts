import { describe, expect, it } from 'vitest';
import { filterClause } from './filter-clause';

describe('filterClause', () => {
  it('joins the set conditions and keeps their parameters in order', () => {
    expect(filterClause([['a = ?', 1], ['b = ?', undefined], ['id < ?', 9]])).toEqual({ where: 'WHERE a = ? AND id < ?', params: [1, 9] });
  });
  it('is empty when nothing is set', () => {
    expect(filterClause([['a = ?', undefined]])).toEqual({ where: '', params: [] });
  });
});
