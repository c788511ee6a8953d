import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { isDigest, isValidTag } from '../../oci-client/image-ref';
import { decodeUtf8, formPayload } from './body';
import { parseWebhook } from './parse-webhook';
import { verifySignature } from './signatures';
import type { VendorSecrets } from './signatures';
import {
  DIGEST_AMD64,
  DIGEST_INDEX,
  DIGEST_LAYER,
  distEvent,
  distRequest,
  dockerHubBody,
  formRequest,
  giteaHeaders,
  giteaPackageBody,
  giteaPushBody,
  githubHeaders,
  githubPackageBody,
  githubPushBody,
  gitlabHeaders,
  gitlabPushBody,
  harborCloudEventBody,
  harborDefaultBody,
  hmacHex,
  jsonRequest,
  quayBody,
} from '../../../test/fixtures/webhook-bodies';
import type { HeaderValues, Parsed, WebhookRequest } from './types';
import { VENDORS } from './types';

const RUNS = 300;

/** Every request kind the parsers know, valid, as the starting point for mutations. */
const VALID: readonly WebhookRequest[] = [
  jsonRequest(giteaHeaders('', 'package'), giteaPackageBody()),
  jsonRequest(giteaHeaders('push', 'push'), giteaPushBody()),
  formRequest(giteaHeaders('push', 'push'), giteaPushBody()),
  jsonRequest({ ...giteaHeaders('', 'package'), 'x-forgejo-delivery': 'f', 'x-forgejo-event-type': 'package' }, giteaPackageBody()),
  jsonRequest(githubHeaders('package'), githubPackageBody()),
  jsonRequest(githubHeaders('registry_package'), githubPackageBody({ key: 'registry_package' })),
  jsonRequest(githubHeaders('push'), githubPushBody()),
  jsonRequest(githubHeaders('ping'), { zen: 'z', hook_id: 1 }),
  jsonRequest(gitlabHeaders('Push Hook', { 'idempotency-key': 'k' }), gitlabPushBody()),
  jsonRequest(gitlabHeaders('Tag Push Hook'), gitlabPushBody({ kind: 'tag_push', ref: 'refs/tags/v1' })),
  jsonRequest({}, dockerHubBody()),
  distRequest([
    distEvent('push', { mediaType: 'application/octet-stream', digest: DIGEST_LAYER }),
    distEvent('push', { digest: DIGEST_AMD64, tag: 'v1' }),
    distEvent('pull', { digest: DIGEST_AMD64, tag: 'v1' }),
  ]),
  jsonRequest({}, harborDefaultBody([{ digest: DIGEST_INDEX, tag: 'v1', resource_url: 'harbor.local/acme/web:v1' }])),
  {
    headers: { 'content-type': 'application/cloudevents+json' },
    body: Buffer.from(JSON.stringify(harborCloudEventBody([{ digest: DIGEST_INDEX, tag: 'v1', resource_url: 'harbor.local/acme/web:v1' }]))),
  },
  jsonRequest({}, quayBody(['latest', 'v1'])),
  jsonRequest({}, { image: 'localhost:5000/acme/web:v1' }),
  jsonRequest({}, { ref: 'refs/heads/main', repo: 'acme/web', commit: 'a'.repeat(40) }),
  jsonRequest({ 'webhook-id': 'm', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' }, { type: 't', data: { image: 'a/b:c' } }),
];

const VENDOR_HEADERS = [
  'x-gitea-delivery', 'x-gitea-event', 'x-gitea-event-type', 'x-gitea-signature', 'x-gogs-event',
  'x-forgejo-delivery', 'x-forgejo-event-type', 'x-forgejo-signature',
  'x-github-event', 'x-github-delivery', 'x-hub-signature-256', 'x-hub-signature',
  'x-gitlab-event', 'x-gitlab-token', 'x-gitlab-event-uuid', 'idempotency-key',
  'webhook-id', 'webhook-timestamp', 'webhook-signature', 'authorization', 'content-type',
];
const EVENT_WORDS = ['package', 'push', 'registry_package', 'ping', 'Push Hook', 'Tag Push Hook', 'System Hook', '', ' '];
const CONTENT_TYPES = [
  'application/json', 'application/x-www-form-urlencoded', 'application/vnd.docker.distribution.events.v1+json',
  'application/vnd.docker.distribution.events.v2+json', 'application/cloudevents+json', 'text/plain', '', 'application/json; charset=utf-8',
];

const headerName = fc.oneof(fc.constantFrom(...VENDOR_HEADERS), fc.string({ maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'X-GitHub-Event'));
const headerValue = fc.oneof(fc.constantFrom(...EVENT_WORDS, ...CONTENT_TYPES), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const headersArb: fc.Arbitrary<HeaderValues> = fc.dictionary(
  headerName,
  fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 }), fc.constant(undefined)),
  { maxKeys: 8 },
);

/** The invariants every answer keeps, whatever came in. */
function assertWellFormed(parsed: Parsed): void {
  expect(VENDORS).toContain(parsed.vendor);
  expect(typeof parsed.event).toBe('string');
  // Forgejo shares Gitea's key family (a signed body is one event, whichever of the two it reads as).
  expect(parsed.dedupeKey.startsWith(`${parsed.vendor === 'forgejo' ? 'gitea' : parsed.vendor}:`)).toBe(true);
  expect(parsed.dedupeKey.length).toBeLessThan(300);
  const outcome = parsed.outcome;
  expect(['events', 'ignored', 'invalid']).toContain(outcome.kind);
  if (outcome.kind === 'invalid') {
    expect('events' in outcome).toBe(false);
    expect([400, 415]).toContain(outcome.status);
    expect(outcome.reason.length).toBeGreaterThan(0);
  } else if (outcome.kind === 'ignored') {
    expect(outcome.reason.length).toBeGreaterThan(0);
  } else {
    expect(outcome.events.length).toBeGreaterThan(0);
    for (const e of outcome.events) {
      if (e.kind === 'image') {
        expect(e.registry).toBe(e.registry.toLowerCase());
        expect(e.repository).toMatch(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/);
        expect(isValidTag(e.tag)).toBe(true);
        if (e.digest !== undefined) expect(isDigest(e.digest)).toBe(true);
      } else {
        expect(e.kind).toBe('git');
        expect(e.commit).toMatch(/^[0-9a-f]{7,64}$/);
        expect(e.ref.length).toBeGreaterThan(0);
      }
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Paths of every node in a JSON value, root first. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function replaceAt(value: Json, path: readonly (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (replacement === undefined && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(copy[Number(head)] ?? null, rest, replacement);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const key = String(head);
    if (replacement === undefined && rest.length === 0) return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    return { ...value, [key]: replaceAt(value[key] ?? null, rest, replacement) };
  }
  return value;
}

const validReq = fc.constantFrom(...VALID);

describe('parseWebhook under random input', () => {
  it('answers any bytes with any headers', () => {
    fc.assert(
      fc.property(headersArb, fc.uint8Array({ maxLength: 512 }), (headers, bytes) => {
        assertWellFormed(parseWebhook({ headers, body: Buffer.from(bytes) }));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any JSON value under any known vendor headers', () => {
    fc.assert(
      fc.property(validReq, fc.jsonValue({ maxDepth: 4 }), (req, json) => {
        assertWellFormed(parseWebhook({ headers: req.headers, body: Buffer.from(JSON.stringify(json) ?? 'null') }));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers valid bodies with one node replaced or removed, keeping a header-named vendor', () => {
    fc.assert(
      fc.property(validReq, fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }), (req, pick, replacement) => {
        const text0 = decodeUtf8(req.body) ?? 'null';
        const form = req.headers['content-type'] === 'application/x-www-form-urlencoded' ? formPayload(text0) : null;
        const json = JSON.parse(form?.ok ? form.text : text0) as Json;
        const all = paths(json);
        const mutated = replaceAt(json, all[pick % all.length] ?? [], replacement as Json | undefined);
        const text = JSON.stringify(mutated);
        const body = form?.ok ? new URLSearchParams({ payload: text }).toString() : text;
        const before = parseWebhook(req);
        const after = parseWebhook({ headers: req.headers, body: Buffer.from(body) });
        assertWellFormed(after);
        if (req.headers['x-github-event'] || req.headers['x-gitlab-event'] || req.headers['x-gitea-delivery']) {
          expect(after.vendor).toBe(before.vendor);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('answers valid bodies with bytes flipped, cut or inserted', () => {
    fc.assert(
      fc.property(validReq, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert')), { minLength: 1, maxLength: 6 }), (req, edits) => {
        const bytes = [...req.body];
        for (const [at, byte, op] of edits) {
          const i = bytes.length === 0 ? 0 : at % bytes.length;
          if (op === 'flip') bytes[i] = byte;
          else if (op === 'cut') bytes.splice(i);
          else bytes.splice(i, 0, byte);
        }
        assertWellFormed(parseWebhook({ headers: req.headers, body: Buffer.from(bytes) }));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers valid bodies under mutated headers (vendor headers with junk, dropped, or repeated)', () => {
    fc.assert(
      fc.property(validReq, headersArb, fc.array(fc.nat(), { maxLength: 4 }), (req, junk, drops) => {
        const entries = Object.entries(req.headers);
        const dropped = new Set(drops.map((d) => d % Math.max(1, entries.length)));
        const kept = Object.fromEntries(entries.filter((_, i) => !dropped.has(i)));
        assertWellFormed(parseWebhook({ headers: { ...kept, ...junk }, body: req.body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('never yields events from an invalid result and is deterministic', () => {
    fc.assert(
      fc.property(validReq, fc.uint8Array({ maxLength: 64 }), (req, tail) => {
        const body = Buffer.concat([req.body, Buffer.from(tail)]);
        const a = parseWebhook({ headers: req.headers, body });
        const b = parseWebhook({ headers: req.headers, body });
        expect(b).toEqual(a);
        if (a.outcome.kind === 'invalid') expect(a.outcome).not.toHaveProperty('events');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('verifySignature under random and mutated input', () => {
  const secretsArb: fc.Arbitrary<VendorSecrets> = fc.record(
    {
      github: fc.string({ maxLength: 20 }),
      gitea: fc.string({ maxLength: 20 }),
      gitlab: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('whsec_AAAA'), fc.constant('whsec_')),
      standard: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), fc.constant('whsec_%%')),
      registry: fc.string({ maxLength: 20 }),
      harbor: fc.string({ maxLength: 20 }),
      generic: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: [] },
  );

  it('never throws and always answers one of the four verdicts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VENDORS), headersArb, fc.uint8Array({ maxLength: 256 }), secretsArb, (vendor, headers, bytes, secrets) => {
        const result = verifySignature(vendor, { headers, body: Buffer.from(bytes) }, secrets);
        expect(['valid', 'not-configured', 'missing', 'invalid']).toContain(result.verdict);
        expect(typeof result.scheme).toBe('string');
      }),
      { numRuns: RUNS },
    );
  });

  const mutatedBody = (body: Buffer) =>
    fc
      .tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert'))
      .map(([at, byte, op]) => {
        const bytes = [...body];
        const i = at % Math.max(1, bytes.length);
        if (op === 'flip') bytes[i] = byte;
        else if (op === 'cut') bytes.splice(i, 1);
        else bytes.splice(i, 0, byte);
        return Buffer.from(bytes);
      })
      .filter((b) => !b.equals(body));

  const secret = 'fuzz-secret';
  const pushBody = Buffer.from(JSON.stringify(githubPushBody()));

  it('never says valid for a mutated body (GitHub)', () => {
    const headers = { 'x-hub-signature-256': `sha256=${hmacHex(secret, pushBody)}` };
    expect(verifySignature('github', { headers, body: pushBody }, { github: secret }).verdict).toBe('valid');
    fc.assert(
      fc.property(mutatedBody(pushBody), (body) => {
        expect(verifySignature('github', { headers, body }, { github: secret }).verdict).toBe('invalid');
      }),
      { numRuns: RUNS },
    );
  });

  it('never says valid for a mutated body (Gitea JSON and Forgejo)', () => {
    const hex = hmacHex(secret, pushBody);
    for (const [vendor, header] of [['gitea', 'x-gitea-signature'], ['forgejo', 'x-forgejo-signature']] as const) {
      const headers = { 'content-type': 'application/json', [header]: hex };
      expect(verifySignature(vendor, { headers, body: pushBody }, { gitea: secret }).verdict).toBe('valid');
      fc.assert(
        fc.property(mutatedBody(pushBody), (body) => {
          expect(verifySignature(vendor, { headers, body }, { gitea: secret }).verdict).toBe('invalid');
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('for Gitea form hooks, says valid only when the signed payload is unchanged', () => {
    const form = formRequest({}, giteaPushBody());
    const payload = formPayload(form.body.toString());
    const signed = payload?.ok ? payload.text : '';
    const headers = { ...form.headers, 'x-gitea-signature': hmacHex(secret, signed) };
    fc.assert(
      fc.property(mutatedBody(form.body), (body) => {
        const verdict = verifySignature('gitea', { headers, body }, { gitea: secret }).verdict;
        if (verdict === 'valid') {
          const after = formPayload(decodeUtf8(body) ?? '');
          expect(after?.ok && after.text).toBe(signed);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never says valid for a mutated body (Standard Webhooks, also under GitLab)', () => {
    const key = `whsec_${Buffer.from('fuzz-key-of-32-bytes-0123456789a').toString('base64')}`;
    const now = new Date();
    const headers = {
      'webhook-id': 'msg_fuzz',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign('msg_fuzz', now, pushBody),
    };
    expect(verifySignature('standard', { headers, body: pushBody }, { standard: key }).verdict).toBe('valid');
    expect(verifySignature('gitlab', { headers, body: pushBody }, { gitlab: key }).verdict).toBe('valid');
    fc.assert(
      fc.property(mutatedBody(pushBody), (body) => {
        expect(verifySignature('standard', { headers, body }, { standard: key }).verdict).toBe('invalid');
        expect(verifySignature('gitlab', { headers, body }, { gitlab: key }).verdict).toBe('invalid');
      }),
      { numRuns: RUNS },
    );
  });
});
