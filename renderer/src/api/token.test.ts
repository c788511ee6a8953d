import { describe, expect, it } from 'vitest';
import { bootstrapToken, takeToken } from './token';

describe('takeToken', () => {
  it('takes the token from the query and removes it, keeping other parameters', () => {
    expect(takeToken('?token=abc&x=1', null)).toEqual({ token: 'abc', search: '?x=1' });
    expect(takeToken('?token=abc', 'old')).toEqual({ token: 'abc', search: '' });
  });

  it('falls back to the stored token and leaves the address alone', () => {
    expect(takeToken('', 'stored')).toEqual({ token: 'stored', search: null });
    expect(takeToken('?token=', null)).toEqual({ token: null, search: null });
  });
});

describe('bootstrapToken', () => {
  it('stores a token from the address and rewrites the address without it', () => {
    const store = new Map<string, string>();
    const replaced: string[] = [];
    const token = bootstrapToken({
      search: '?token=t1',
      storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
      replaceUrl: (s) => replaced.push(s),
    });
    expect(token).toBe('t1');
    expect([...store.values()]).toEqual(['t1']);
    expect(replaced).toEqual(['']);
  });
});
