import { describe, expect, it } from 'vitest';
import { ImageConfigBlobSchema } from './schemas';
import { parseManifest, parsePlatform, pickPlatform, summariseConfig } from './manifest';

const d = (c: string): string => `sha256:${c.repeat(64)}`;
const index = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('a'), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('b'), size: 1, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('c'), size: 1, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d('e'), size: 1, platform: { os: 'unknown', architecture: 'unknown' } },
  ],
};

describe('manifests', () => {
  it('classifies indexes, image manifests and schema 1', () => {
    expect(parseManifest(index).kind).toBe('index');
    const image = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d('f'), size: 10 },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d('1'), size: 100 }],
    };
    expect(parseManifest(image)).toMatchObject({ kind: 'image', manifest: { config: { digest: d('f') } } });
    expect(parseManifest({ schemaVersion: 1, name: 'x' })).toMatchObject({ kind: 'unsupported', reason: /schema 1/ });
    expect(parseManifest({ schemaVersion: 2 }).kind).toBe('unsupported');
    expect(parseManifest(null).kind).toBe('unsupported');
  });

  it('picks a platform, with arm64 defaulting to v8', () => {
    const idx = parseManifest(index);
    if (idx.kind !== 'index') throw new Error('expected index');
    expect(pickPlatform(idx.index, { os: 'linux', architecture: 'amd64' })?.digest).toBe(d('a'));
    expect(pickPlatform(idx.index, { os: 'linux', architecture: 'arm64' })?.digest).toBe(d('c'));
    expect(pickPlatform(idx.index, { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(d('b'));
    expect(pickPlatform(idx.index, { os: 'linux', architecture: 'arm', variant: 'v6' })).toBeNull();
    expect(pickPlatform(idx.index, { os: 'windows', architecture: 'amd64' })).toBeNull();
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('linux')).toBeNull();
  });

  it('summarises ports, health check and labels from a config blob', () => {
    const blob = ImageConfigBlobSchema.parse({
      created: '2024-05-01T10:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: {
        ExposedPorts: { '8080/tcp': {}, '53/udp': {}, '9090': {}, '443/tcp': {}, 'junk/tcp': {} },
        Healthcheck: { Test: ['CMD', '/bin/wget', '-q', '-O-', 'http://127.0.0.1:8080/'], Interval: 5e9, Timeout: 2e9, Retries: 3 },
        Labels: { 'org.opencontainers.image.version': '1.0' },
      },
    });
    expect(summariseConfig(blob)).toEqual({
      exposedPorts: [443, 8080, 9090],
      healthcheck: {
        test: ['CMD', '/bin/wget', '-q', '-O-', 'http://127.0.0.1:8080/'],
        intervalMs: 5000,
        timeoutMs: 2000,
        startPeriodMs: null,
        retries: 3,
      },
      created: '2024-05-01T10:00:00Z',
      labels: { 'org.opencontainers.image.version': '1.0' },
    });
  });

  it('treats HEALTHCHECK NONE and empty configs as nothing', () => {
    expect(summariseConfig(ImageConfigBlobSchema.parse({ config: { Healthcheck: { Test: ['NONE'] } } })).healthcheck).toBeNull();
    expect(summariseConfig(ImageConfigBlobSchema.parse({ config: null }))).toEqual({
      exposedPorts: [],
      healthcheck: null,
      created: null,
      labels: {},
    });
  });
});
