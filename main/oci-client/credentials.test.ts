import { describe, expect, it } from 'vitest';
import { toDockerodeAuth } from './credentials';

describe('toDockerodeAuth', () => {
  it('gives the engine user and password with the server address Docker uses', () => {
    expect(toDockerodeAuth({ username: 'u', password: 'p' }, 'localhost:5000')).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: 'localhost:5000',
    });
    expect(toDockerodeAuth({ username: 'u', password: 'p' }, 'docker.io')).toEqual({
      username: 'u',
      password: 'p',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(toDockerodeAuth({ username: 'u', password: 'p' }, 'index.docker.io').serveraddress).toBe('https://index.docker.io/v1/');
  });

  it('passes identity tokens as identitytoken', () => {
    expect(toDockerodeAuth({ identityToken: 't' }, 'ghcr.io')).toEqual({ identitytoken: 't', serveraddress: 'ghcr.io' });
    expect(toDockerodeAuth({ identityToken: 't', username: 'u' }, 'ghcr.io')).toEqual({
      username: 'u',
      identitytoken: 't',
      serveraddress: 'ghcr.io',
    });
  });
});
