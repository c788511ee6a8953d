import { describe, expect, it } from 'vitest';
import { nextStep } from './next-step';

describe('nextStep', () => {
  it('points an unreachable engine at Docker and DOCKER_HOST', () => {
    expect(nextStep('connect ENOENT /var/run/docker.sock')).toMatch(/^Start Docker, or set DOCKER_HOST/);
    expect(nextStep('Cannot connect to the Docker daemon at unix:///x.sock')).toMatch(/DOCKER_HOST/);
  });

  it('points a refused registry at Settings → Registries', () => {
    expect(nextStep('localhost:5000 answered 401 Unauthorized')).toMatch(/Settings → Registries/);
    expect(nextStep('pull access denied: requested access to the resource is denied')).toMatch(/Settings → Registries/);
  });

  it('points an unknown image at its name and tags', () => {
    expect(nextStep('manifest unknown: tag 9.9 not found')).toMatch(/image name and tag/);
  });

  it('points a network failure at the address', () => {
    expect(nextStep('getaddrinfo ENOTFOUND registry.invalid')).toMatch(/Check the address/);
  });

  it('adds nothing where the message already says what to do, or nothing fits', () => {
    expect(nextStep('engine unreachable at unix:///x.sock: start Docker or pass --docker-host URL')).toBeNull();
    expect(nextStep('401: add credentials in Settings → Registries')).toBeNull();
    expect(nextStep('The port is a whole number.')).toBeNull();
  });
});
