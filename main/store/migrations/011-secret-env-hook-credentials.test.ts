import { describe, expect, it } from 'vitest';
import { splitUrlCredentials } from './011-secret-env-hook-credentials';

describe('splitUrlCredentials', () => {
  it('takes the credentials out as node:http sent them (percent-decoded)', () => {
    expect(splitUrlCredentials('http://ci:p%40ss%3Aword@hooks.example:8080/in?x=1')).toEqual({ url: 'http://hooks.example:8080/in?x=1', credentials: 'ci:p@ss:word' });
    expect(splitUrlCredentials('https://token@example.com/h')).toEqual({ url: 'https://example.com/h', credentials: 'token:' });
    expect(splitUrlCredentials('https://:only-pw@example.com/')).toEqual({ url: 'https://example.com/', credentials: ':only-pw' });
  });

  it('leaves URLs without credentials, and text that is no URL, alone', () => {
    expect(splitUrlCredentials('https://example.com/a@b')).toBeNull();
    expect(splitUrlCredentials('not a url')).toBeNull();
  });
});
