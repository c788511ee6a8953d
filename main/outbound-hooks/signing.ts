import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The last characters of a secret, enough to tell two apart in a list. */
export function secretHint(secret: string): string {
  return `whsec_…${secret.slice(-4)}`;
}

/** A message id (`webhook-id`): unique per (event, hook), the same for every attempt. */
export function generateMessageId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}

/** The HMAC key per the spec: the base64-decoded part after `whsec_`. */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (Standard Webhooks). */
export function standardSignature(secret: string, messageId: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${messageId}.${String(timestampSec)}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * `sha256=<hex HMAC-SHA256 of the body>` for receivers that only know GitHub-style signatures.
 * The key is the secret exactly as shown (`whsec_…`), as such receivers expect to paste it.
 */
export function githubStyleSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
