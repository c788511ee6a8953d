import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateMessageId, generateSecret, githubStyleSignature, secretHint, standardSignature } from './signing';

describe('signing', () => {
  it('matches the Standard Webhooks test vector', () => {
    const sig = standardSignature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('produces signatures the reference library verifies, and rejects tampering', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const id = generateMessageId();
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: 'deploy.succeeded', version: 1 });
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': standardSignature(secret, id, ts, body) };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'deploy.succeeded', version: 1 });
    expect(() => new Webhook(secret).verify(body + ' ', headers)).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
  });

  it('computes the GitHub-style signature with the secret as typed', () => {
    // GitHub's documented vector, with the secret used verbatim as the key.
    expect(githubStyleSignature("It's a Secret to Everybody", 'Hello, World!')).toBe(
      'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    );
  });

  it('hints at a secret without revealing it, and makes unique message ids', () => {
    const secret = generateSecret();
    expect(secretHint(secret)).toBe(`whsec_…${secret.slice(-4)}`);
    const ids = new Set(Array.from({ length: 200 }, generateMessageId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^msg_[\w-]{24}$/);
  });
});
