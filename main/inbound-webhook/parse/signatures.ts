import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { decodeUtf8, FORM, formPayload } from './body';
import type { Headers } from './headers';
import { firstNonEmpty, mediaTypeOf, normaliseHeaders } from './headers';
import type { Vendor, WebhookRequest } from './types';

export { maskHeaders } from './mask-headers';

/** `registry`, `harbor` and `generic` are the exact `Authorization` header value the sender is set to send. */
export type SecretKind = 'github' | 'gitea' | 'gitlab' | 'standard' | 'registry' | 'harbor' | 'generic';
export type VendorSecrets = Partial<Record<SecretKind, string>>;

export type SignatureVerdict = 'valid' | 'not-configured' | 'missing' | 'invalid';

export interface SignatureCheck {
  readonly verdict: SignatureVerdict;
  /** Which header or scheme was checked (or would have been). */
  readonly scheme: string;
  /** Why a check failed, in words a user can act on. */
  readonly detail?: string;
}

const HUB_256 = 'x-hub-signature-256';
const AUTHORIZATION = 'authorization';
const STANDARD = 'webhook-signature';

/**
 * Checks a request against the secret configured for its vendor. HMACs are over the raw body bytes
 * (Gitea/Forgejo form hooks: over the JSON in `payload=`, which is what they sign). Never throws.
 */
export function verifySignature(vendor: Vendor, req: WebhookRequest, secrets: VendorSecrets): SignatureCheck {
  try {
    const headers = normaliseHeaders(req.headers ?? {});
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return check(vendor, headers, body, secrets);
  } catch (error) {
    return { verdict: 'invalid', scheme: 'unknown', detail: `the signature could not be checked (${error instanceof Error ? error.message : 'error'})` };
  }
}

const configured = (secret: string | undefined): string | null => (secret && secret.trim() !== '' ? secret : null);

function check(vendor: Vendor, headers: Headers, body: Buffer, secrets: VendorSecrets): SignatureCheck {
  switch (vendor) {
    case 'github':
      return verifyHub(configured(secrets.github), headers, body);
    case 'gitea':
    case 'forgejo':
      return verifyGitea(configured(secrets.gitea), headers, body);
    case 'gitlab':
      return verifyGitLab(configured(secrets.gitlab), headers, body);
    case 'standard':
      return verifyStandard(configured(secrets.standard), headers, body);
    case 'distribution':
      return verifyAuthorization(configured(secrets.registry), headers);
    case 'harbor':
      return verifyAuthorization(configured(secrets.harbor), headers);
    case 'generic':
      return verifyAuthorization(configured(secrets.generic), headers);
    case 'dockerhub':
    case 'quay':
      // Neither can sign or add headers: the secret webhook URL is their only credential.
      return { verdict: 'not-configured', scheme: 'none' };
  }
}

/** The last secret's key object: importing the key is a good part of an HMAC's cost, and the secret rarely changes. */
let lastKey: { readonly secret: string; readonly key: KeyObject } | null = null;

function keyOf(secret: string): KeyObject {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return lastKey.key;
}

function hmacMatches(secret: string, signedBytes: Buffer, hex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
  const expected = createHmac('sha256', keyOf(secret)).update(signedBytes).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

function verifyHub(secret: string | null, headers: Headers, body: Buffer): SignatureCheck {
  const scheme = HUB_256;
  if (!secret) return { verdict: 'not-configured', scheme };
  const value = firstNonEmpty(headers, HUB_256);
  if (!value) {
    const sha1Only = firstNonEmpty(headers, 'x-hub-signature') !== undefined;
    return { verdict: 'missing', scheme, detail: sha1Only ? 'only a SHA-1 signature was sent; SHA-256 is required' : 'the request is not signed; set the secret on the webhook' };
  }
  if (!value.startsWith('sha256=')) return { verdict: 'invalid', scheme, detail: 'expected "sha256=<hex>"' };
  return hmacMatches(secret, body, value.slice('sha256='.length))
    ? { verdict: 'valid', scheme }
    : { verdict: 'invalid', scheme, detail: 'the signature does not match the body and the configured secret' };
}

/** Form hooks sign the JSON inside `payload=`, JSON hooks the raw body. */
function giteaSignedBytes(headers: Headers, body: Buffer): Buffer {
  if (mediaTypeOf(headers) !== FORM) return body;
  const text = decodeUtf8(body);
  const field = text === null ? null : formPayload(text);
  return field?.ok ? Buffer.from(field.text, 'utf8') : body;
}

function verifyGitea(secret: string | null, headers: Headers, body: Buffer): SignatureCheck {
  // The product's own header is hex; X-Hub-Signature-256 carries the same hex behind "sha256=".
  const named = ['x-forgejo-signature', 'x-gitea-signature', 'x-gogs-signature'].find((n) => firstNonEmpty(headers, n) !== undefined);
  const hub = firstNonEmpty(headers, HUB_256);
  const hubHex = hub?.startsWith('sha256=') ? hub.slice('sha256='.length) : undefined;
  const scheme = named ?? (hubHex ? HUB_256 : headers.has('x-forgejo-signature') ? 'x-forgejo-signature' : 'x-gitea-signature');
  if (!secret) return { verdict: 'not-configured', scheme };
  const hex = named ? (firstNonEmpty(headers, named) ?? '') : hubHex;
  // Gitea sends the signature header empty when the hook has no secret.
  if (!hex) return { verdict: 'missing', scheme, detail: 'the request is not signed; set the same secret on the webhook' };
  return hmacMatches(secret, giteaSignedBytes(headers, body), hex)
    ? { verdict: 'valid', scheme }
    : { verdict: 'invalid', scheme, detail: 'the signature does not match the body and the configured secret' };
}

function verifyGitLab(secret: string | null, headers: Headers, body: Buffer): SignatureCheck {
  // A `whsec_` secret is GitLab's signing token (Standard Webhooks); anything else is the secret token.
  if (secret?.startsWith('whsec_')) return verifyStandard(secret, headers, body);
  const scheme = 'x-gitlab-token';
  if (!secret) return { verdict: 'not-configured', scheme: headers.has(STANDARD) && !headers.has(scheme) ? STANDARD : scheme };
  const token = firstNonEmpty(headers, scheme);
  if (!token) return { verdict: 'missing', scheme, detail: 'no X-Gitlab-Token; set the secret token on the webhook' };
  return sameSecret(token, secret)
    ? { verdict: 'valid', scheme }
    : { verdict: 'invalid', scheme, detail: 'the secret token does not match the configured one' };
}

function verifyStandard(secret: string | null, headers: Headers, body: Buffer): SignatureCheck {
  const scheme = STANDARD;
  if (!secret) return { verdict: 'not-configured', scheme };
  const signature = firstNonEmpty(headers, STANDARD);
  if (!signature) return { verdict: 'missing', scheme, detail: 'no webhook-signature header; enable signing on the sender' };
  const id = firstNonEmpty(headers, 'webhook-id');
  const timestamp = firstNonEmpty(headers, 'webhook-timestamp');
  if (!id || !timestamp) return { verdict: 'invalid', scheme, detail: 'webhook-id and webhook-timestamp must accompany webhook-signature' };
  if (!/^\d{1,12}$/.test(timestamp)) return { verdict: 'invalid', scheme, detail: 'webhook-timestamp is not Unix seconds' };
  // The library signs the body as text; a body that is not UTF-8 would be altered by decoding.
  const text = decodeUtf8(body);
  if (text === null) return { verdict: 'invalid', scheme, detail: 'the body is not valid UTF-8' };
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    return { verdict: 'invalid', scheme, detail: 'the configured secret is not a Standard Webhooks secret (whsec_ followed by base64)' };
  }
  try {
    webhook.verify(text, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
    return { verdict: 'valid', scheme };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'verification failed';
    return { verdict: 'invalid', scheme, detail: `${reason} (timestamps are accepted within 5 minutes)` };
  }
}

function verifyAuthorization(expected: string | null, headers: Headers): SignatureCheck {
  const scheme = AUTHORIZATION;
  if (!expected) return { verdict: 'not-configured', scheme };
  const got = firstNonEmpty(headers, AUTHORIZATION);
  if (!got) return { verdict: 'missing', scheme, detail: 'no Authorization header; configure the sender to send the expected value' };
  return sameSecret(got, expected.trim())
    ? { verdict: 'valid', scheme }
    : { verdict: 'invalid', scheme, detail: 'the Authorization header does not match the configured value' };
}

/** Constant-time equality for secrets of any length (hashing first equalises the lengths). */
function sameSecret(a: string, b: string): boolean {
  const ha = hash('sha256', a, 'buffer');
  const hb = hash('sha256', b, 'buffer');
  return timingSafeEqual(ha, hb);
}
