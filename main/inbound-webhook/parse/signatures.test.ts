import { afterEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { maskHeaders, verifySignature } from './signatures';
import type { VendorSecrets } from './signatures';
import { formRequest, giteaHeaders, giteaPushBody, hmacHex } from '../../../test/fixtures/webhook-bodies';
import type { HeaderValues, Vendor } from './types';

const req = (headers: HeaderValues, body: string | Buffer) => ({ headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) });

describe('GitHub X-Hub-Signature-256', () => {
  const secrets: VendorSecrets = { github: "It's a Secret to Everybody" };
  const vector = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  it('accepts the documented check vector', () => {
    expect(verifySignature('github', req({ 'x-hub-signature-256': vector }, 'Hello, World!'), secrets)).toEqual({ verdict: 'valid', scheme: 'x-hub-signature-256' });
  });

  it('rejects another body, another secret, upper/lower-case junk and a bare hex value', () => {
    expect(verifySignature('github', req({ 'x-hub-signature-256': vector }, 'Hello, World?'), secrets).verdict).toBe('invalid');
    expect(verifySignature('github', req({ 'x-hub-signature-256': vector }, 'Hello, World!'), { github: 'other' }).verdict).toBe('invalid');
    expect(verifySignature('github', req({ 'x-hub-signature-256': 'sha256=zz' }, 'Hello, World!'), secrets).verdict).toBe('invalid');
    expect(verifySignature('github', req({ 'x-hub-signature-256': vector.slice(7) }, 'Hello, World!'), secrets).verdict).toBe('invalid');
  });

  it('accepts upper-case hex and header names in any case', () => {
    expect(verifySignature('github', req({ 'X-Hub-Signature-256': `sha256=${vector.slice(7).toUpperCase()}` }, 'Hello, World!'), secrets).verdict).toBe('valid');
  });

  it('reports a missing signature (also when only SHA-1 is sent) and an unconfigured secret', () => {
    expect(verifySignature('github', req({}, 'x'), secrets).verdict).toBe('missing');
    const sha1 = verifySignature('github', req({ 'x-hub-signature': 'sha1=abc' }, 'x'), secrets);
    expect(sha1).toMatchObject({ verdict: 'missing' });
    expect(sha1.detail).toMatch(/SHA-1/);
    expect(verifySignature('github', req({ 'x-hub-signature-256': vector }, 'x'), {}).verdict).toBe('not-configured');
    expect(verifySignature('github', req({ 'x-hub-signature-256': vector }, 'x'), { github: '' }).verdict).toBe('not-configured');
  });
});

describe('Gitea and Forgejo signatures', () => {
  const secret = 'gitea-hook-secret';
  const body = JSON.stringify(giteaPushBody());
  const hex = hmacHex(secret, body);

  it('accepts X-Gitea-Signature, X-Forgejo-Signature and X-Hub-Signature-256', () => {
    expect(verifySignature('gitea', req({ 'x-gitea-signature': hex }, body), { gitea: secret })).toEqual({ verdict: 'valid', scheme: 'x-gitea-signature' });
    expect(verifySignature('forgejo', req({ 'x-forgejo-signature': hex, 'x-gitea-signature': hex }, body), { gitea: secret })).toEqual({ verdict: 'valid', scheme: 'x-forgejo-signature' });
    expect(verifySignature('gitea', req({ 'x-gitea-signature': '', 'x-hub-signature-256': `sha256=${hex}` }, body), { gitea: secret })).toEqual({ verdict: 'valid', scheme: 'x-hub-signature-256' });
  });

  it('treats the empty signature header of an unsigned hook as missing', () => {
    const result = verifySignature('gitea', req(giteaHeaders('push', 'push'), body), { gitea: secret });
    expect(result).toMatchObject({ verdict: 'missing', scheme: 'x-gitea-signature' });
    expect(verifySignature('gitea', req({ 'x-gitea-signature': '', 'x-hub-signature-256': 'sha256=' }, body), { gitea: secret }).verdict).toBe('missing');
  });

  it('rejects a signature over another body', () => {
    expect(verifySignature('gitea', req({ 'x-gitea-signature': hex }, `${body} `), { gitea: secret }).verdict).toBe('invalid');
  });

  it('checks form hooks over the JSON inside payload=, as Gitea signs them', () => {
    const form = formRequest({}, giteaPushBody());
    const json = JSON.stringify(giteaPushBody());
    expect(verifySignature('gitea', { ...form, headers: { ...form.headers, 'x-gitea-signature': hmacHex(secret, json) } }, { gitea: secret }).verdict).toBe('valid');
    expect(verifySignature('gitea', { ...form, headers: { ...form.headers, 'x-gitea-signature': hmacHex(secret, form.body) } }, { gitea: secret }).verdict).toBe('invalid');
  });
});

describe('GitLab', () => {
  it('compares X-Gitlab-Token', () => {
    const secrets = { gitlab: 'glpat-like-token' };
    expect(verifySignature('gitlab', req({ 'x-gitlab-token': 'glpat-like-token' }, '{}'), secrets)).toEqual({ verdict: 'valid', scheme: 'x-gitlab-token' });
    expect(verifySignature('gitlab', req({ 'x-gitlab-token': 'glpat-like-tokeN' }, '{}'), secrets).verdict).toBe('invalid');
    expect(verifySignature('gitlab', req({ 'x-gitlab-token': 'short' }, '{}'), secrets).verdict).toBe('invalid');
    expect(verifySignature('gitlab', req({}, '{}'), secrets).verdict).toBe('missing');
    expect(verifySignature('gitlab', req({ 'x-gitlab-token': 'x' }, '{}'), {}).verdict).toBe('not-configured');
  });

  describe('with a whsec_ signing token', () => {
    afterEach(() => void vi.useRealTimers());
    it('verifies Standard Webhooks headers', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-11-02T10:00:00Z'));
      const secret = `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`;
      const body = '{"object_kind":"push"}';
      const signature = new Webhook(secret).sign('idem-1', new Date(), body);
      const headers = { 'webhook-id': 'idem-1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signature, 'x-gitlab-token': 'irrelevant' };
      expect(verifySignature('gitlab', req(headers, body), { gitlab: secret })).toEqual({ verdict: 'valid', scheme: 'webhook-signature' });
      expect(verifySignature('gitlab', req({ 'x-gitlab-token': secret }, body), { gitlab: secret }).verdict).toBe('missing');
    });
  });
});

describe('Standard Webhooks', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const ts = 1614265330;
  const body = '{"test": 2432232314}';
  const vector = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
  const headers = (signature: string, timestamp = String(ts)) => ({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
  const at = (seconds: number) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(seconds * 1000);
  };
  afterEach(() => void vi.useRealTimers());

  it('accepts the libraries test vector', () => {
    at(ts);
    expect(verifySignature('standard', req(headers(vector), body), { standard: secret })).toEqual({ verdict: 'valid', scheme: 'webhook-signature' });
  });

  it('accepts any matching entry of a space-separated list and skips unknown versions', () => {
    at(ts + 10);
    expect(verifySignature('standard', req(headers(`v1a,abc v1,bm90IHRoaXM= ${vector}`), body), { standard: secret }).verdict).toBe('valid');
    expect(verifySignature('standard', req(headers(`v2,${vector.slice(3)}`), body), { standard: secret }).verdict).toBe('invalid');
  });

  it('enforces the 5-minute tolerance in both directions', () => {
    at(ts + 299);
    expect(verifySignature('standard', req(headers(vector), body), { standard: secret }).verdict).toBe('valid');
    at(ts + 301);
    expect(verifySignature('standard', req(headers(vector), body), { standard: secret })).toMatchObject({ verdict: 'invalid', detail: expect.stringMatching(/too old/) });
    at(ts - 301);
    expect(verifySignature('standard', req(headers(vector), body), { standard: secret })).toMatchObject({ verdict: 'invalid', detail: expect.stringMatching(/too new/) });
  });

  it('rejects a changed body, id or timestamp, and a timestamp that is not plain seconds', () => {
    at(ts);
    expect(verifySignature('standard', req(headers(vector), '{"test": 2432232315}'), { standard: secret }).verdict).toBe('invalid');
    expect(verifySignature('standard', req({ ...headers(vector), 'webhook-id': 'msg_other' }, body), { standard: secret }).verdict).toBe('invalid');
    expect(verifySignature('standard', req(headers(vector, String(ts + 1)), body), { standard: secret }).verdict).toBe('invalid');
    expect(verifySignature('standard', req(headers(vector, `${String(ts)}abc`), body), { standard: secret }).verdict).toBe('invalid');
  });

  it('reports missing, incomplete, non-UTF-8 and misconfigured cases without throwing', () => {
    at(ts);
    expect(verifySignature('standard', req({ 'webhook-id': id }, body), { standard: secret }).verdict).toBe('missing');
    expect(verifySignature('standard', req({ 'webhook-signature': vector }, body), { standard: secret }).verdict).toBe('invalid');
    expect(verifySignature('standard', req(headers(vector), Buffer.from([0xff, 0xfe])), { standard: secret })).toMatchObject({ verdict: 'invalid', detail: expect.stringMatching(/UTF-8/) });
    expect(verifySignature('standard', req(headers(vector), body), { standard: 'whsec_!!!' }).verdict).toBe('invalid');
    expect(verifySignature('standard', req(headers(vector), body), {}).verdict).toBe('not-configured');
  });
});

describe('Authorization header (registries, Harbor, generic)', () => {
  const cases: [Vendor, keyof VendorSecrets][] = [
    ['distribution', 'registry'],
    ['harbor', 'harbor'],
    ['generic', 'generic'],
  ];
  it.each(cases)('%s uses the %s secret', (vendor, key) => {
    const secrets = { [key]: 'Bearer test-token' };
    expect(verifySignature(vendor, req({ authorization: 'Bearer test-token' }, '{}'), secrets)).toEqual({ verdict: 'valid', scheme: 'authorization' });
    expect(verifySignature(vendor, req({ Authorization: 'Bearer test-tokem' }, '{}'), secrets).verdict).toBe('invalid');
    expect(verifySignature(vendor, req({ authorization: 'test-token' }, '{}'), secrets).verdict).toBe('invalid');
    expect(verifySignature(vendor, req({}, '{}'), secrets).verdict).toBe('missing');
    expect(verifySignature(vendor, req({ authorization: 'Bearer test-token' }, '{}'), { github: 'Bearer test-token' }).verdict).toBe('not-configured');
  });

  it('says Docker Hub and Quay cannot be verified', () => {
    expect(verifySignature('dockerhub', req({}, '{}'), { registry: 'x', generic: 'y' })).toEqual({ verdict: 'not-configured', scheme: 'none' });
    expect(verifySignature('quay', req({ authorization: 'x' }, '{}'), { registry: 'x' }).verdict).toBe('not-configured');
  });
});

describe('maskHeaders', () => {
  it('masks credentials and signatures, keeping schemes and everything else', () => {
    const masked = maskHeaders({
      Authorization: 'Bearer s3cr3t',
      'X-Hub-Signature-256': 'sha256=abcdef',
      'x-hub-signature': 'sha1=abcdef',
      'X-Gitea-Signature': '',
      'x-forgejo-signature': 'abcdef',
      'X-Gitlab-Token': 'tok',
      'webhook-signature': 'v1,abc v1,def',
      cookie: 'a=b',
      'set-cookie': ['a=b', 'c=d'],
      'proxy-authorization': 'Basic dXNlcjpwdw==',
      'x-api-key': 'k',
      'X-GitHub-Delivery': 'guid',
      'idempotency-key': 'idem',
      'content-type': 'application/json',
      absent: undefined,
    });
    expect(masked).toEqual({
      authorization: 'Bearer [masked]',
      'x-hub-signature-256': 'sha256=[masked]',
      'x-hub-signature': 'sha1=[masked]',
      'x-gitea-signature': '',
      'x-forgejo-signature': '[masked]',
      'x-gitlab-token': '[masked]',
      'webhook-signature': '[masked]',
      cookie: '[masked]',
      'set-cookie': ['[masked]', '[masked]'],
      'proxy-authorization': 'Basic [masked]',
      'x-api-key': '[masked]',
      'x-github-delivery': 'guid',
      'idempotency-key': 'idem',
      'content-type': 'application/json',
    });
    expect(JSON.stringify(masked)).not.toMatch(/s3cr3t|tok"|dXNlcjpwdw/);
  });

  it('masks a bare Authorization token entirely and merges names that differ only in case', () => {
    expect(maskHeaders({ authorization: 'opaque-token' })).toEqual({ authorization: '[masked]' });
    expect(maskHeaders({ 'X-Trace': 'a', 'x-trace': 'b' })).toEqual({ 'x-trace': ['a', 'b'] });
  });
});
