import { describe, expect, it } from 'vitest';
import {
  DockerConfigSchema,
  authsCredential,
  configKeyToRegistry,
  credentialFromHelper,
  helperFor,
  serverAddressFor,
} from './docker-config';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const config = (raw: unknown) => DockerConfigSchema.parse(raw);

describe('configKeyToRegistry', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['http://localhost:5000/v2/', 'localhost:5000'],
    ['Localhost:5000', 'localhost:5000'],
    ['ghcr.io', 'ghcr.io'],
    ['https://gitea.example.com', 'gitea.example.com'],
  ])('%s → %s', (key, registry) => expect(configKeyToRegistry(key)).toBe(registry));
});

describe('authsCredential', () => {
  it('decodes base64 auth, keeping colons in the password', () => {
    const c = config({ auths: { 'localhost:5000': { auth: b64('alice:s3:cret') } } });
    expect(authsCredential(c, 'localhost:5000')).toEqual({ username: 'alice', password: 's3:cret' });
    expect(authsCredential(c, 'localhost:5001')).toBeNull();
  });

  it('finds Hub credentials under the legacy key', () => {
    const c = config({ auths: { 'https://index.docker.io/v1/': { auth: b64('bob:pw') } } });
    expect(authsCredential(c, 'docker.io')).toEqual({ username: 'bob', password: 'pw' });
  });

  it('matches URL-shaped keys after normalising', () => {
    const c = config({ auths: { 'https://registry.example.com/v2/': { username: 'u', password: 'p' } } });
    expect(authsCredential(c, 'registry.example.com')).toEqual({ username: 'u', password: 'p' });
  });

  it('prefers the exact key and skips empty entries', () => {
    const c = config({
      auths: {
        'https://localhost:5000': { auth: b64('url:x') },
        'localhost:5000': { auth: b64('exact:y') },
        'ghcr.io': {},
      },
    });
    expect(authsCredential(c, 'localhost:5000')).toEqual({ username: 'exact', password: 'y' });
    expect(authsCredential(c, 'ghcr.io')).toBeNull();
  });

  it('returns identity tokens with the user name when present', () => {
    const c = config({ auths: { 'a.io': { identitytoken: 'tok', auth: b64('carol:') }, 'b.io': { identitytoken: 't2' } } });
    expect(authsCredential(c, 'a.io')).toEqual({ identityToken: 'tok', username: 'carol' });
    expect(authsCredential(c, 'b.io')).toEqual({ identityToken: 't2' });
  });

  it('ignores malformed entries instead of failing', () => {
    const c = config({ auths: { 'a.io': 'nonsense', 'b.io': { auth: 42 }, 'c.io': { auth: b64('nocolon') } } });
    expect(authsCredential(c, 'a.io')).toBeNull();
    expect(authsCredential(c, 'b.io')).toBeNull();
    expect(authsCredential(c, 'c.io')).toBeNull();
  });
});

describe('helpers', () => {
  it('uses credHelpers before credsStore', () => {
    const c = config({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud', 'https://index.docker.io/v1/': 'hub' } });
    expect(helperFor(c, 'gcr.io')).toBe('gcloud');
    expect(helperFor(c, 'docker.io')).toBe('hub');
    expect(helperFor(c, 'localhost:5000')).toBe('desktop');
    expect(helperFor(config({}), 'gcr.io')).toBeNull();
  });

  it('reads helper answers', () => {
    expect(credentialFromHelper({ ServerURL: 'x', Username: 'u', Secret: 's' })).toEqual({ username: 'u', password: 's' });
    expect(credentialFromHelper({ Username: '<token>', Secret: 'rt' })).toEqual({ identityToken: 'rt' });
    expect(credentialFromHelper({ Username: 'u', Secret: '' })).toBeNull();
    expect(credentialFromHelper('credentials not found')).toBeNull();
  });

  it('gives Docker tooling the legacy Hub address', () => {
    expect(serverAddressFor('docker.io')).toBe('https://index.docker.io/v1/');
    expect(serverAddressFor('localhost:5000')).toBe('localhost:5000');
  });
});
