import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import {
  DIGEST_AMD64,
  DIGEST_INDEX,
  DIGEST_LAYER,
  DIST_V1,
  DIST_V2,
  OCI_INDEX,
  OCI_MANIFEST,
  distEvent,
  distRequest,
  eventsOf,
  jsonRequest,
  reasonOf,
} from '../../../test/fixtures/webhook-bodies';

const blob = (digest = DIGEST_LAYER) =>
  distEvent('push', { mediaType: 'application/octet-stream', digest, url: `http://localhost:5000/v2/acme/web/blobs/${digest}` });

describe('Distribution registry notifications', () => {
  it('reads a manifest push by tag as (request.host/repository, tag, digest)', () => {
    const parsed = parseWebhook(distRequest([distEvent('push', { digest: DIGEST_AMD64, tag: 'v1.0.0' }, { id: 'ev-1' })]));
    expect(parsed.vendor).toBe('distribution');
    expect(parsed.event).toBe('push');
    expect(parsed.deliveryId).toBe('ev-1');
    expect(parsed.dedupeKey).toBe('distribution:id:ev-1');
    expect(eventsOf(parsed)).toEqual([
      { kind: 'image', registry: 'localhost:5000', repository: 'acme/web', tag: 'v1.0.0', digest: DIGEST_AMD64, mediaType: OCI_MANIFEST },
    ]);
  });

  it('ignores blob pushes, pulls, deletes and pushes by digest, each named in the reason', () => {
    const cases = [
      [blob(), /blob push to acme\/web \(application\/octet-stream\)/],
      [distEvent('pull', { digest: DIGEST_AMD64, tag: 'v1.0.0' }), /pull of acme\/web/],
      [distEvent('delete', { digest: DIGEST_AMD64 }), /delete of acme\/web/],
      [distEvent('delete', { tag: 'v1.0.0' }), /delete of acme\/web/],
      [distEvent('push', { digest: DIGEST_AMD64 }), /untagged manifest push to acme\/web/],
      [distEvent('mount', { digest: DIGEST_LAYER, mediaType: 'application/octet-stream' }), /mount of acme\/web/],
    ] as const;
    for (const [event, reason] of cases) {
      const parsed = parseWebhook(distRequest([event]));
      expect(parsed.outcome.kind).toBe('ignored');
      expect(reasonOf(parsed.outcome)).toMatch(reason);
    }
  });

  it('returns every relevant event of a mixed envelope, notes the rest, and keys it by its event ids', () => {
    const envelope = [
      blob(),
      blob(DIGEST_AMD64),
      distEvent('push', { digest: DIGEST_AMD64, tag: 'v1.0.0' }),
      distEvent('push', { digest: DIGEST_AMD64 }),
      distEvent('push', { digest: DIGEST_INDEX, tag: 'latest', mediaType: OCI_INDEX }),
      distEvent('push', { digest: DIGEST_INDEX, tag: 'v1', mediaType: OCI_INDEX }),
      distEvent('pull', { digest: DIGEST_INDEX, tag: 'latest', mediaType: OCI_INDEX }),
    ];
    const parsed = parseWebhook(distRequest(envelope));
    expect(parsed.event).toBe('push,pull');
    expect(eventsOf(parsed).map((e) => (e.kind === 'image' ? `${e.tag}@${e.digest ?? ''}` : ''))).toEqual([
      `v1.0.0@${DIGEST_AMD64}`,
      `latest@${DIGEST_INDEX}`,
      `v1@${DIGEST_INDEX}`,
    ]);
    expect(parsed.outcome.kind === 'events' && parsed.outcome.ignoredParts).toEqual([
      'blob push to acme/web (application/octet-stream) (×2)',
      'untagged manifest push to acme/web (by digest)',
      'pull of acme/web',
    ]);
    expect(parsed.dedupeKey).toMatch(/^distribution:id:events-[0-9a-f]{64}$/);
    const shuffled = parseWebhook(distRequest([...envelope].reverse()));
    expect(shuffled.dedupeKey).toBe(parsed.dedupeKey);
  });

  it('dedupes within an envelope: a repeated event id and a repeated (repository, tag, digest)', () => {
    const once = distEvent('push', { digest: DIGEST_INDEX, tag: 'latest', mediaType: OCI_INDEX }, { id: 'same' });
    const again = distEvent('push', { digest: DIGEST_INDEX, tag: 'latest', mediaType: OCI_INDEX });
    const parsed = parseWebhook(distRequest([once, once, again]));
    expect(eventsOf(parsed)).toHaveLength(1);
  });

  it('answers with ignored (2xx) for an envelope of blob pushes only, so the registry queue moves on', () => {
    const parsed = parseWebhook(distRequest([blob(), blob(DIGEST_AMD64), blob(DIGEST_INDEX)]));
    expect(parsed.outcome).toEqual({ kind: 'ignored', reason: 'blob push to acme/web (application/octet-stream) (×3)' });
  });

  it('accepts the 3.x envelope media type and an empty envelope', () => {
    const parsed = parseWebhook(distRequest([distEvent('push', { digest: DIGEST_AMD64, tag: 'x' })], DIST_V2));
    expect(eventsOf(parsed)).toHaveLength(1);
    expect(parseWebhook(distRequest([], DIST_V2)).outcome).toEqual({ kind: 'ignored', reason: 'the envelope holds no events' });
  });

  it('normalises hosts: case, Docker Hub aliases; falls back to target.url without request.host', () => {
    const hub = parseWebhook(distRequest([distEvent('push', { digest: DIGEST_AMD64, tag: '1', repository: 'nginx' }, { host: 'Registry-1.Docker.IO' })]));
    expect(eventsOf(hub)[0]).toMatchObject({ registry: 'docker.io', repository: 'library/nginx' });
    const upper = parseWebhook(distRequest([distEvent('push', { digest: DIGEST_AMD64, tag: '1' }, { host: 'LOCALHOST:5000' })]));
    expect(eventsOf(upper)[0]).toMatchObject({ registry: 'localhost:5000' });
    const noHost = distEvent('push', { digest: DIGEST_AMD64, tag: '1', url: `http://127.0.0.1:5000/v2/acme/web/manifests/${DIGEST_AMD64}` }, { host: null });
    expect(eventsOf(parseWebhook(distRequest([noHost])))[0]).toMatchObject({ registry: '127.0.0.1:5000' });
  });

  it('is recognised by body shape when sent as application/json', () => {
    const parsed = parseWebhook(jsonRequest({}, { events: [distEvent('push', { digest: DIGEST_AMD64, tag: 'v2' })] }));
    expect(parsed.vendor).toBe('distribution');
    expect(eventsOf(parsed)[0]).toMatchObject({ tag: 'v2' });
  });

  it('answers 400 for an envelope that is not one (the content type is authoritative)', () => {
    const parsed = parseWebhook({ headers: { 'content-type': DIST_V1 }, body: Buffer.from('{"events": {"0": 1}}') });
    expect(parsed.vendor).toBe('distribution');
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/events/);
    const notJson = parseWebhook({ headers: { 'content-type': DIST_V1 }, body: Buffer.from('events') });
    expect(notJson.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });
});
