import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import { COMMIT_A, COMMIT_B, DIGEST_INDEX, ZERO, eventsOf, jsonRequest, reasonOf } from '../../../test/fixtures/webhook-bodies';

describe('generic image body', () => {
  it('reads registry/owner/name:tag', () => {
    const parsed = parseWebhook(jsonRequest({}, { image: 'localhost:5000/acme/web:1.2.0' }));
    expect(parsed.vendor).toBe('generic');
    expect(parsed.event).toBe('image');
    expect(parsed.dedupeKey).toMatch(/^generic:sha256:/);
    expect(eventsOf(parsed)).toEqual([{ kind: 'image', registry: 'localhost:5000', repository: 'acme/web', tag: '1.2.0' }]);
  });

  it('reads a digest inline or beside the image', () => {
    expect(eventsOf(parseWebhook(jsonRequest({}, { image: `ghcr.io/acme/web:v1@${DIGEST_INDEX}` })))[0]).toMatchObject({ tag: 'v1', digest: DIGEST_INDEX });
    expect(eventsOf(parseWebhook(jsonRequest({}, { image: 'ghcr.io/acme/web:v1', digest: DIGEST_INDEX })))[0]).toMatchObject({ digest: DIGEST_INDEX });
  });

  it('normalises Docker Hub names like the rest of Slipway', () => {
    for (const image of ['nginx:1.27', 'docker.io/nginx:1.27', 'index.docker.io/library/nginx:1.27', 'registry.hub.docker.com/library/nginx:1.27']) {
      expect(eventsOf(parseWebhook(jsonRequest({}, { image })))[0], image).toMatchObject({ registry: 'docker.io', repository: 'library/nginx', tag: '1.27' });
    }
  });

  it('asks for a tag when there is none, and ignores a digest-only reference', () => {
    const noTag = parseWebhook(jsonRequest({}, { image: 'localhost:5000/acme/web' }));
    expect(noTag.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(noTag.outcome)).toMatch(/has no tag/);
    expect(parseWebhook(jsonRequest({}, { image: `localhost:5000/acme/web@${DIGEST_INDEX}` })).outcome.kind).toBe('ignored');
  });

  it('explains a malformed reference', () => {
    const parsed = parseWebhook(jsonRequest({}, { image: 'localhost:5000/acme//web:1' }));
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/empty component/);
    expect(parseWebhook(jsonRequest({}, { image: 42 })).outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });

  it('reads `curl -d` bodies (form content type, JSON body)', () => {
    const parsed = parseWebhook({
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'curl/8.5.0' },
      body: Buffer.from('{"image":"localhost:5000/acme/web:dev"}'),
    });
    expect(eventsOf(parsed)[0]).toMatchObject({ tag: 'dev' });
  });
});

describe('generic ref body', () => {
  it('reads ref, repo and commit', () => {
    const parsed = parseWebhook(jsonRequest({}, { ref: 'refs/heads/main', repo: 'acme/web', commit: COMMIT_A, pusher: 'ci' }));
    expect(parsed.event).toBe('ref');
    expect(eventsOf(parsed)).toEqual([{ kind: 'git', repo: 'acme/web', ref: 'refs/heads/main', branch: 'main', commit: COMMIT_A, pusher: 'ci', commits: [] }]);
  });

  it('derives the repo path from a URL and accepts push-like field names', () => {
    const parsed = parseWebhook(jsonRequest({}, { ref: 'refs/tags/v1', repository: 'https://git.example.com/acme/web.git', after: COMMIT_B.toUpperCase() }));
    expect(eventsOf(parsed)[0]).toMatchObject({ repo: 'acme/web', repoUrl: 'https://git.example.com/acme/web.git', tag: 'v1', commit: COMMIT_B });
    const nested = parseWebhook(jsonRequest({}, { ref: 'refs/heads/x', repository: { full_name: 'a/b' }, sha: COMMIT_A }));
    expect(eventsOf(nested)[0]).toMatchObject({ repo: 'a/b' });
  });

  it('answers 400 without a repo or a commit, and ignores a deletion', () => {
    expect(reasonOf(parseWebhook(jsonRequest({}, { ref: 'refs/heads/main', commit: COMMIT_A })).outcome)).toMatch(/"repo" field is missing/);
    expect(reasonOf(parseWebhook(jsonRequest({}, { ref: 'refs/heads/main', repo: 'a/b' })).outcome)).toMatch(/"commit" field is missing/);
    expect(parseWebhook(jsonRequest({}, { ref: 'refs/heads/old', repo: 'a/b', commit: ZERO })).outcome.kind).toBe('ignored');
  });
});

describe('bodies Slipway cannot read', () => {
  it('answers 400 for JSON of no known shape, with what to send instead', () => {
    const parsed = parseWebhook(jsonRequest({}, { hello: 'world' }));
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/\{"image": "registry\/owner\/name:tag"\}/);
  });

  it('answers 415 for content types that are not JSON', () => {
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const parsed = parseWebhook({ headers: { 'content-type': type }, body: Buffer.from('{"image":"a/b:c"}') });
      expect(parsed.outcome, type).toMatchObject({ kind: 'invalid', status: 415 });
    }
  });

  it('answers 400 for broken bodies', () => {
    const cases: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['not JSON', Buffer.from('image=a/b:c')],
      ['array', Buffer.from('[{"image":"a/b:c"}]')],
      ['string', Buffer.from('"a/b:c"')],
      ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ];
    for (const [what, body] of cases) {
      expect(parseWebhook({ headers: { 'content-type': 'application/json' }, body }).outcome, what).toMatchObject({ kind: 'invalid', status: 400 });
    }
  });

  it('reads JSON with a byte-order mark or without a content type', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"image":"a/b:c"}')]);
    expect(parseWebhook({ headers: { 'content-type': 'application/json' }, body: bom }).outcome.kind).toBe('events');
    expect(parseWebhook({ headers: {}, body: Buffer.from('{"image":"a/b:c"}') }).outcome.kind).toBe('events');
  });

  it('answers 400 for a form body with two payload fields', () => {
    const parsed = parseWebhook({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('payload=%7B%7D&payload=%7B%7D') });
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });
});

describe('Standard Webhooks senders', () => {
  const headers = { 'webhook-id': 'msg_2b7c', 'webhook-timestamp': '1793000000', 'webhook-signature': 'v1,AAAA' };

  it('reads the generic shapes inside data and keys the delivery by webhook-id', () => {
    const parsed = parseWebhook(jsonRequest(headers, { type: 'image.pushed', timestamp: '2026-11-02T10:00:00Z', data: { image: 'registry.example.com/acme/web:v5' } }));
    expect(parsed.vendor).toBe('standard');
    expect(parsed.event).toBe('image.pushed');
    expect(parsed.deliveryId).toBe('msg_2b7c');
    expect(parsed.dedupeKey).toBe('standard:id:msg_2b7c');
    expect(eventsOf(parsed)[0]).toMatchObject({ registry: 'registry.example.com', repository: 'acme/web', tag: 'v5' });
  });

  it('ignores event types that carry neither an image nor a ref', () => {
    const parsed = parseWebhook(jsonRequest(headers, { type: 'invoice.paid', data: { amount: 3 } }));
    expect(parsed.outcome).toEqual({ kind: 'ignored', reason: 'event "invoice.paid" carries no "image" or "ref"' });
  });
});
