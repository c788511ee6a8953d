import { describe, expect, it } from 'vitest';
import type { LogLineTuple } from '../../../../preload/contract/logs';
import { LogBuffer } from './log-buffer';
import { LogSearch, matchRanges } from './log-search';

const lines = (from: number, n: number): LogLineTuple[] => Array.from({ length: n }, (_, i) => [from + i, (i % 2) as 0 | 1, `line ${String(from + i)}`]);

describe('LogBuffer', () => {
  it('keeps a million lines in order with their time and stream', () => {
    const b = new LogBuffer(2_000_000);
    for (let i = 0; i < 100; i++) b.append(lines(i * 10_000, 10_000));
    expect(b.length).toBe(1_000_000);
    expect(b.get(0)).toEqual({ ts: 0, kind: 0, text: 'line 0' });
    expect(b.get(999_999)).toEqual({ ts: 999_999, kind: 1, text: 'line 999999' });
    expect(b.get(1_000_000)).toBeNull();
  });

  it('evicts whole oldest chunks beyond its capacity and counts them', () => {
    const b = new LogBuffer(40_000);
    b.append(lines(0, 100_000));
    expect(b.length).toBeLessThanOrEqual(40_000 + 16_384);
    expect(b.evicted).toBe(b.first);
    expect(b.get(b.first)?.text).toBe(`line ${String(b.first)}`);
    expect(b.get(b.first - 1)).toBeNull();
    expect(b.end).toBe(100_000);
  });

  it('records notices between lines', () => {
    const b = new LogBuffer();
    b.append(lines(0, 2));
    b.notice(5, 'Now following instance 3 (1.1).');
    expect(b.get(2)).toEqual({ ts: 5, kind: 2, text: 'Now following instance 3 (1.1).' });
  });
});

describe('LogSearch', () => {
  it('finds matches in slices, case-insensitively', () => {
    const b = new LogBuffer();
    b.append([
      [1, 0, 'GET / 200'],
      [2, 1, 'ERROR boom'],
      [3, 0, 'ok'],
      [4, 0, 'another error here'],
    ]);
    const s = new LogSearch(b, 'error');
    expect(s.advance(2)).toBe(true);
    expect(s.matches).toEqual([1]);
    expect(s.advance(10)).toBe(false);
    expect(s.matches).toEqual([1, 3]);
    b.append([[5, 0, 'Error again']]);
    s.advance(10);
    expect(s.matches).toEqual([1, 3, 4]);
  });

  it('marks each occurrence in a line', () => {
    expect(matchRanges('a Err and err', 'err')).toEqual([
      [2, 5],
      [10, 13],
    ]);
    expect(matchRanges('x', '')).toEqual([]);
  });
});

describe('LogBuffer sealed chunks', () => {
  it('reads and searches lines the same before and after a chunk is sealed', () => {
    const b = new LogBuffer();
    const texts = Array.from({ length: 40_000 }, (_, i) => (i % 1000 === 7 ? `req ${String(i)} ERROR boom` : i % 1000 === 8 ? `ERR` : `req ${String(i)} ok`));
    b.append(texts.map((t, i) => [i, 0, t] as [number, 0, string]));
    for (const i of [0, 7, 16_383, 16_384, 16_391, 39_999]) expect(b.text(i)).toBe(texts[i]);
    const found: number[] = [];
    b.scan(0, b.end, 'error', found);
    expect(found).toEqual(texts.flatMap((t, i) => (t.toLowerCase().includes('error') ? [i] : [])));
    // a match never spans two lines: "ERR" + "OR…" across a seam is not a hit
    const seam: number[] = [];
    b.scan(0, b.end, 'errreq', seam);
    expect(seam).toEqual([]);
    // part of a range
    const part: number[] = [];
    b.scan(16_000, 17_100, 'error', part);
    expect(part).toEqual([16_007, 17_007]);
    const twice: number[] = [];
    b.scan(5, 2010, 'error', twice);
    expect(twice).toEqual([7, 1007, 2007]);
    const upTo: number[] = [];
    b.scan(16_000, 17_007, 'error', upTo);
    expect(upTo).toEqual([16_007]);
  });
});
