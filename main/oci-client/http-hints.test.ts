import { describe, expect, it } from 'vitest';
import { backoffMs, nextLink, retryAfterMs } from './http-hints';

describe('nextLink', () => {
  const base = 'http://localhost:5000/v2/acme/web/tags/list?n=2';
  it('resolves a relative next link (Distribution registry shape)', () => {
    expect(nextLink('</v2/acme/web/tags/list?last=b&n=2>; rel="next"', base)).toBe(
      'http://localhost:5000/v2/acme/web/tags/list?last=b&n=2',
    );
  });
  it('finds next among several links and unquoted rel', () => {
    expect(nextLink('<https://a.example/p1>; rel="prev", <https://a.example/p3>; rel=next', base)).toBe('https://a.example/p3');
    expect(nextLink('<https://a.example/p3>; title="x"; rel="last next"', base)).toBe('https://a.example/p3');
  });
  it('answers null without a next link', () => {
    expect(nextLink(null, base)).toBeNull();
    expect(nextLink('<https://a.example/p1>; rel="prev"', base)).toBeNull();
    expect(nextLink('garbage', base)).toBeNull();
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');
  it('reads seconds and dates', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Sun, 31 Dec 2023 00:00:05 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('backoffMs', () => {
  it('grows exponentially within [half, full] of the ceiling and is capped', () => {
    expect(backoffMs(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 30_000, () => 1)).toBe(4000);
    expect(backoffMs(20, 500, 30_000, () => 1)).toBe(30_000);
  });
});
