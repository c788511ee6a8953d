import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWwwAuthenticate, pickChallenge } from './www-authenticate';

describe('WWW-Authenticate', () => {
  it('parses a Docker Hub bearer challenge with a comma inside the scope', () => {
    const h = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:acme/web:pull,push"';
    expect(pickChallenge(h)).toEqual({
      scheme: 'bearer',
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:acme/web:pull,push',
      error: null,
    });
  });

  it('reads errors, unquoted values, escapes and odd spacing', () => {
    const h = 'bearer  realm = "http://127.0.0.1:9/t" , service=reg , error="insufficient_scope", x="a\\"b"';
    const [c] = parseWwwAuthenticate(h);
    expect(c?.scheme).toBe('bearer');
    expect(c?.params).toEqual({ realm: 'http://127.0.0.1:9/t', service: 'reg', error: 'insufficient_scope', x: 'a"b' });
    expect(pickChallenge(h)).toMatchObject({ error: 'insufficient_scope', scope: null });
  });

  it('splits several challenges and prefers Bearer', () => {
    const h = 'Basic realm="Registry Realm", Bearer realm="https://t.example/token",service="s"';
    expect(parseWwwAuthenticate(h).map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(pickChallenge(h)?.scheme).toBe('bearer');
    expect(pickChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic', realm: 'Registry Realm' });
    expect(pickChallenge('Basic')).toEqual({ scheme: 'basic', realm: null });
  });

  it('ignores what it cannot use', () => {
    expect(pickChallenge(null)).toBeNull();
    expect(pickChallenge('')).toBeNull();
    expect(pickChallenge('Negotiate abc==')).toBeNull();
    expect(pickChallenge('Bearer service="x"')).toBeNull(); // no realm to ask
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseWwwAuthenticate(s);
        pickChallenge(s);
      }),
    );
  });
});
