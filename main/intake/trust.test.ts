import { describe, expect, it } from 'vitest';
import { autoCreateTrust, registryAllowed, signatureGate, unsignedSwitchOf, type GateInput } from './trust';

const gate = (over: Partial<GateInput>): ReturnType<typeof signatureGate> =>
  signatureGate({ vendor: 'generic', verdict: 'not-configured', scheme: 'authorization', configured: [], acceptUnsigned: [], ...over });

describe('signatureGate', () => {
  it('accepts unsigned deliveries while no signing secret is set (the secret URL is the credential)', () => {
    expect(gate({})).toEqual({ ok: true, signature: 'not-configured' });
  });

  it('refuses an unsigned delivery of any vendor once any secret is set, saying how to fix it', () => {
    for (const vendor of ['generic', 'gitea', 'forgejo', 'dockerhub', 'quay', 'distribution'] as const) {
      const g = gate({ vendor, configured: ['github'] });
      expect(g.ok).toBe(false);
      if (!g.ok) {
        expect(g.signature).toBe('missing');
        expect(g.reason).toContain('github');
        expect(g.reason).toContain(`allow unsigned ${unsignedSwitchOf(vendor)} deliveries`);
      }
    }
  });

  it('accepts an unsigned delivery only for a vendor the user allowed', () => {
    expect(gate({ vendor: 'dockerhub', configured: ['github'], acceptUnsigned: ['dockerhub'] })).toEqual({ ok: true, signature: 'not-configured' });
    expect(gate({ vendor: 'quay', configured: ['github'], acceptUnsigned: ['dockerhub'] }).ok).toBe(false);
    expect(gate({ vendor: 'forgejo', configured: ['registry'], acceptUnsigned: ['gitea'] }).ok).toBe(true);
    expect(gate({ vendor: 'distribution', configured: ['github'], acceptUnsigned: ['registry'] }).ok).toBe(true);
  });

  it('never lets the switch excuse a missing or wrong signature where the vendor has its own secret', () => {
    const g = gate({ vendor: 'github', verdict: 'invalid', scheme: 'x-hub-signature-256', detail: 'does not match', configured: ['github'], acceptUnsigned: ['github'] });
    expect(g).toEqual({ ok: false, signature: 'invalid', reason: 'signature check failed (x-hub-signature-256): does not match' });
    expect(gate({ vendor: 'github', verdict: 'missing', configured: ['github'], acceptUnsigned: ['github'] }).ok).toBe(false);
  });

  it('accepts a valid signature', () => {
    expect(gate({ vendor: 'github', verdict: 'valid', configured: ['github'] })).toEqual({ ok: true, signature: 'valid' });
  });
});

describe('autoCreateTrust', () => {
  const allowList = ['localhost', '127.0.0.1', '[::1]'];

  it('trusts a signed delivery from any registry', () => {
    expect(autoCreateTrust({ signed: true, registry: 'anyhost', allowList: [], saved: [] })).toEqual({ trusted: true });
  });

  it('trusts unsigned deliveries only for allowed or saved registries', () => {
    expect(autoCreateTrust({ signed: false, registry: 'localhost:5000', allowList, saved: [] }).trusted).toBe(true);
    expect(autoCreateTrust({ signed: false, registry: '[::1]:5000', allowList, saved: [] }).trusted).toBe(true);
    expect(autoCreateTrust({ signed: false, registry: 'ghcr.io', allowList, saved: ['ghcr.io'] }).trusted).toBe(true);
    const evil = autoCreateTrust({ signed: false, registry: 'anyhost', allowList, saved: ['ghcr.io'] });
    expect(evil.trusted).toBe(false);
    if (!evil.trusted) expect(evil.reason).toMatch(/^unknown image, not created: .*registry anyhost is not trusted/);
  });

  it('does not mistake a look-alike host for an allowed one', () => {
    expect(autoCreateTrust({ signed: false, registry: 'localhost.evil.example', allowList, saved: [] }).trusted).toBe(false);
    expect(autoCreateTrust({ signed: false, registry: '127.0.0.10:5000', allowList, saved: [] }).trusted).toBe(false);
  });
});

describe('registryAllowed', () => {
  it('matches a host entry on any port, a host:port entry on that port only', () => {
    expect(registryAllowed('localhost:5000', 'localhost')).toBe(true);
    expect(registryAllowed('localhost', 'localhost')).toBe(true);
    expect(registryAllowed('localhost:5000', 'localhost:5000')).toBe(true);
    expect(registryAllowed('localhost:5001', 'localhost:5000')).toBe(false);
    expect(registryAllowed('localhost', 'localhost:5000')).toBe(false);
    expect(registryAllowed('[::1]:5000', '[::1]')).toBe(true);
    expect(registryAllowed('[::1]', '[::1]:5000')).toBe(false);
  });
});
