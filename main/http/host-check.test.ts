import { describe, expect, it } from 'vitest';
import { allowedHosts, hostAllowed } from './host-check';

describe('hostAllowed', () => {
  const allowed = allowedHosts('127.0.0.1', 41000);

  it('accepts the loopback names on the server port', () => {
    for (const h of ['127.0.0.1:41000', 'localhost:41000', 'LOCALHOST:41000', '[::1]:41000']) expect(hostAllowed(h, allowed)).toBe(true);
  });

  it('refuses other names, other ports, a missing port and no Host at all (DNS rebinding)', () => {
    for (const h of ['evil.example:41000', '127.0.0.1:41001', '127.0.0.1', 'localhost', '127.0.0.1.nip.io:41000', 'localhost:41000@evil', '']) {
      expect(hostAllowed(h, allowed)).toBe(false);
    }
    expect(hostAllowed(undefined, allowed)).toBe(false);
  });

  it('accepts the configured listen address, IPv6 in brackets', () => {
    expect(hostAllowed('10.0.0.5:8080', allowedHosts('10.0.0.5', 8080))).toBe(true);
    expect(hostAllowed('[fd00::1]:8080', allowedHosts('fd00::1', 8080))).toBe(true);
    expect(hostAllowed('slipway.lan:8080', allowedHosts('slipway.lan', 8080))).toBe(true);
    expect(hostAllowed('other.lan:8080', allowedHosts('slipway.lan', 8080))).toBe(false);
  });
});
