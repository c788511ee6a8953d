import { describe, expect, it } from 'vitest';
import { centredScrollTop, visibleRows } from './row-window';

describe('fixed-height windowing', () => {
  it('renders the rows in view plus the overscan on each side', () => {
    // 18 px rows, a 180 px viewport scrolled to row 100: rows 100–109 show.
    expect(visibleRows(1800, 180, 18, 1_000_000, 5)).toEqual({ start: 95, end: 115 });
  });

  it('counts a partly visible row at either edge', () => {
    expect(visibleRows(1809, 180, 18, 1_000_000, 0)).toEqual({ start: 100, end: 111 });
  });

  it('stays within the rows there are', () => {
    expect(visibleRows(0, 180, 18, 1_000_000, 20)).toEqual({ start: 0, end: 30 });
    expect(visibleRows(18_000_000 - 180, 180, 18, 1_000_000, 20)).toEqual({ start: 999_970, end: 1_000_000 });
    expect(visibleRows(500, 180, 18, 0, 20)).toEqual({ start: 0, end: 0 });
    expect(visibleRows(-40, 180, 18, 3, 20)).toEqual({ start: 0, end: 3 });
  });

  it('costs the same for any count', () => {
    expect(visibleRows(1800, 180, 18, 200, 5)).toEqual(visibleRows(1800, 180, 18, 10_000_000, 5));
  });

  it('centres a row, never above the top', () => {
    expect(centredScrollTop(1000, 180, 18)).toBe(18_000 - 81);
    expect(centredScrollTop(2, 180, 18)).toBe(0);
  });
});
