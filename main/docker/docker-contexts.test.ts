import { describe, expect, it } from 'vitest';
import { contextDirName, endpointFromMeta } from './docker-contexts';

const meta = (host: string, extra: Record<string, unknown> = {}) => ({ Name: 'prod', Metadata: { Description: 'the prod box' }, Endpoints: { docker: { Host: host, ...extra } } });
const tls = { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' };

describe('Docker CLI contexts', () => {
  it('keeps a context under the sha256 of its name, as the CLI does', () => {
    expect(contextDirName('default')).toBe('37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f');
  });

  it('reads a tcp:// context with its stored certificates as a TLS engine', () => {
    expect(endpointFromMeta(meta('tcp://10.0.0.5:2376', { SkipTLSVerify: false }), tls)).toEqual({ kind: 'tls', url: 'tcp://10.0.0.5:2376', ...tls });
  });

  it('reads ssh:// and unix:// contexts', () => {
    expect(endpointFromMeta(meta('ssh://deploy@prod.lan'), null)).toEqual({ kind: 'ssh', url: 'ssh://deploy@prod.lan' });
    expect(endpointFromMeta(meta('unix:///run/user/1000/docker.sock'), null)).toEqual({ kind: 'local', url: 'unix:///run/user/1000/docker.sock' });
  });

  it('refuses what would not be verified or reached, saying how to fix the context', () => {
    expect(() => endpointFromMeta(meta('tcp://10.0.0.5:2376', { SkipTLSVerify: true }), tls)).toThrow(/skips TLS verification/);
    expect(() => endpointFromMeta(meta('tcp://10.0.0.5:2375'), null)).toThrow(/no TLS certificates.*docker context update/);
    expect(() => endpointFromMeta(meta('fd://'), null)).toThrow(/cannot reach/);
    expect(() => endpointFromMeta({ Name: 'x', Endpoints: {} }, null)).toThrow(/no Docker endpoint/);
    expect(() => endpointFromMeta({ nope: 1 }, null)).toThrow(/not a Docker context/);
  });
});
