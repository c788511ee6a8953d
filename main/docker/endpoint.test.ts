import { describe, expect, it } from 'vitest';
import { dockerOptions, resolveDockerHost } from './endpoint';
import { compareApiVersions } from './engine';

describe('docker endpoint', () => {
  it('uses the setting, then DOCKER_HOST, then the default socket', () => {
    expect(resolveDockerHost('tcp://h:1', { DOCKER_HOST: 'unix:///a' })).toBe('tcp://h:1');
    expect(resolveDockerHost(null, { DOCKER_HOST: 'unix:///a' })).toBe('unix:///a');
    expect(resolveDockerHost(null, {})).toMatch(/docker/);
  });
  it('parses unix and tcp endpoints', () => {
    expect(dockerOptions('unix:///tmp/slw/docker.sock')).toEqual({ socketPath: '/tmp/slw/docker.sock' });
    expect(dockerOptions('tcp://127.0.0.1:2375')).toEqual({ protocol: 'http', host: '127.0.0.1', port: 2375 });
    expect(dockerOptions('tcp://127.0.0.1')).toEqual({ protocol: 'http', host: '127.0.0.1', port: 2375 });
  });
  it('explains endpoints it does not understand', () => {
    expect(() => dockerOptions('ssh://x')).toThrow(/unix:\/\/\/path/);
    expect(() => dockerOptions('not a url')).toThrow(/not a URL/);
  });
  it('compares API versions numerically', () => {
    expect(compareApiVersions('1.41', '1.47')).toBeLessThan(0);
    expect(compareApiVersions('1.100', '1.47')).toBeGreaterThan(0);
    expect(compareApiVersions('1.47', '1.47')).toBe(0);
  });
});
