import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import { eventsOf, jsonRequest, quayBody } from '../../../test/fixtures/webhook-bodies';

describe('Quay', () => {
  it('reads docker_url and every updated tag', () => {
    const parsed = parseWebhook(jsonRequest({}, quayBody(['latest', 'v1'])));
    expect(parsed.vendor).toBe('quay');
    expect(parsed.event).toBe('repo_push');
    expect(eventsOf(parsed)).toEqual([
      { kind: 'image', registry: 'quay.io', repository: 'acme/web', tag: 'latest' },
      { kind: 'image', registry: 'quay.io', repository: 'acme/web', tag: 'v1' },
    ]);
  });

  it('accepts the older object form of updated_tags and a self-hosted host with a port', () => {
    const parsed = parseWebhook(jsonRequest({}, quayBody({ stable: 'c0ffee', edge: 'decade' }, 'quay.internal:8443/acme/web')));
    expect(eventsOf(parsed).map((e) => (e.kind === 'image' ? `${e.registry}/${e.repository}:${e.tag}` : ''))).toEqual([
      'quay.internal:8443/acme/web:stable',
      'quay.internal:8443/acme/web:edge',
    ]);
  });

  it('ignores a push with no tags and skips a malformed tag with a reason', () => {
    expect(parseWebhook(jsonRequest({}, quayBody([]))).outcome.kind).toBe('ignored');
    const parsed = parseWebhook(jsonRequest({}, quayBody(['ok', '-bad'])));
    expect(eventsOf(parsed)).toHaveLength(1);
    expect(parsed.outcome.kind === 'events' && parsed.outcome.ignoredParts?.[0]).toMatch(/tag "-bad"/);
  });
});
