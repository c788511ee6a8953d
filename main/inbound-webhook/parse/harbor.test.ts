import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import { DIGEST_AMD64, DIGEST_INDEX, eventsOf, harborCloudEventBody, harborDefaultBody, jsonRequest, reasonOf } from '../../../test/fixtures/webhook-bodies';

describe('Harbor', () => {
  const url = (suffix: string) => `harbor.example.com:8443/acme/web${suffix}`;

  it('reads the Default format, one event per tagged resource', () => {
    const parsed = parseWebhook(
      jsonRequest({ authorization: 'Bearer h' }, harborDefaultBody([
        { digest: DIGEST_INDEX, tag: 'v1', resource_url: url(':v1') },
        { digest: DIGEST_INDEX, tag: 'stable', resource_url: url(':stable') },
      ])),
    );
    expect(parsed.vendor).toBe('harbor');
    expect(parsed.event).toBe('PUSH_ARTIFACT');
    expect(parsed.deliveryId).toBeNull();
    expect(eventsOf(parsed)).toEqual([
      { kind: 'image', registry: 'harbor.example.com:8443', repository: 'acme/web', tag: 'v1', digest: DIGEST_INDEX },
      { kind: 'image', registry: 'harbor.example.com:8443', repository: 'acme/web', tag: 'stable', digest: DIGEST_INDEX },
    ]);
  });

  it('skips by-digest resources (tag equal to the digest)', () => {
    const parsed = parseWebhook(jsonRequest({}, harborDefaultBody([{ digest: DIGEST_AMD64, tag: DIGEST_AMD64, resource_url: url(`@${DIGEST_AMD64}`) }])));
    expect(parsed.outcome.kind).toBe('ignored');
    expect(reasonOf(parsed.outcome)).toMatch(/untagged artifact/);
  });

  it('reads the CloudEvents format and keys it by its id', () => {
    const req = {
      headers: { 'content-type': 'application/cloudevents+json' },
      body: Buffer.from(JSON.stringify(harborCloudEventBody([{ digest: DIGEST_INDEX, tag: 'v2', resource_url: url(':v2') }]))),
    };
    const parsed = parseWebhook(req);
    expect(parsed.vendor).toBe('harbor');
    expect(parsed.event).toBe('harbor.artifact.pushed');
    expect(parsed.dedupeKey).toBe('harbor:id:66a2b1e4-5f53-4bb2-9a1d-5c2b3c1d7f10');
    expect(eventsOf(parsed)[0]).toMatchObject({ tag: 'v2', digest: DIGEST_INDEX });
    const sniffed = parseWebhook(jsonRequest({}, harborCloudEventBody([{ digest: DIGEST_INDEX, tag: 'v2', resource_url: url(':v2') }])));
    expect(sniffed.vendor).toBe('harbor');
  });

  it('ignores other event types (pull, delete, scans)', () => {
    for (const type of ['PULL_ARTIFACT', 'DELETE_ARTIFACT', 'SCANNING_COMPLETED']) {
      const parsed = parseWebhook(jsonRequest({}, harborDefaultBody([{ digest: DIGEST_INDEX, tag: 'v1', resource_url: url(':v1') }], type)));
      expect(parsed.outcome.kind, type).toBe('ignored');
    }
    const cloud = parseWebhook({
      headers: { 'content-type': 'application/cloudevents+json' },
      body: Buffer.from(JSON.stringify(harborCloudEventBody([], 'harbor.artifact.deleted'))),
    });
    expect(cloud.outcome.kind).toBe('ignored');
  });

  it('answers 400 for a resource without a usable resource_url', () => {
    const missing = parseWebhook(jsonRequest({}, { ...harborDefaultBody([]), event_data: { resources: [{ tag: 'v1' }] } }));
    expect(missing.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    const bad = parseWebhook(jsonRequest({}, harborDefaultBody([{ tag: 'v1', resource_url: 'harbor.example.com/Bad Name:v1' }])));
    expect(bad.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });
});
