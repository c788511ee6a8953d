import { describe, expect, it } from 'vitest';
import { RegistryHostSchema } from '../../preload/contract/registries';
import { normaliseHost } from './registry-service';

describe('registry host syntax', () => {
  it('accepts the hosts image references use, trimmed and lower-cased', () => {
    for (const host of ['localhost:5000', 'ghcr.io', 'docker.io', 'registry.gitlab.com', '127.0.0.1:5001', '[::1]:5000', 'my-registry.internal:443', 'localhost']) {
      expect(RegistryHostSchema.safeParse(host).success, host).toBe(true);
    }
    expect(RegistryHostSchema.parse('  GHCR.io ')).toBe('ghcr.io');
  });

  it.each([
    ['', /give the registry host/],
    ['https://ghcr.io', /leave out the scheme/],
    ['ghcr.io/acme/web', /without a path/],
    ['acme', /has a dot or a port, or is "localhost"/],
    ['localhost:65536', /at most 65535/],
    ['-bad.io', /not a valid host\[:port\]/],
    ['bad_host.io', /not a valid host\[:port\]/],
    ['ghcr.io:', /not a valid host\[:port\]/],
    ['ghcr io', /not a valid host\[:port\]/],
  ])('refuses %j with a sentence saying why', (host, why) => {
    const r = RegistryHostSchema.safeParse(host);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join(' ')).toMatch(why);
  });

  it("folds Docker Hub's aliases into docker.io, the name image references resolve to", () => {
    for (const alias of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']) {
      expect(normaliseHost(alias)).toBe('docker.io');
    }
    expect(normaliseHost('localhost:5000')).toBe('localhost:5000');
  });
});
