import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import { detectByBody, detectByHeaders } from './detect';
import { normaliseHeaders } from './headers';
import { dockerHubBody, giteaHeaders, githubHeaders, gitlabHeaders, gitlabPushBody, harborDefaultBody, jsonRequest, quayBody } from '../../../test/fixtures/webhook-bodies';

const byHeaders = (h: Record<string, string>) => detectByHeaders(normaliseHeaders(h));

describe('vendor detection', () => {
  it('prefers Gitea and Forgejo over the X-GitHub-* copies they also send', () => {
    expect(byHeaders({ ...(giteaHeaders('push', 'push') as Record<string, string>) })).toBe('gitea');
    expect(byHeaders({ ...(giteaHeaders('push', 'push') as Record<string, string>), 'x-forgejo-delivery': 'x' })).toBe('forgejo');
    expect(byHeaders({ 'X-Gogs-Delivery': 'x', 'X-GitHub-Event': 'push' })).toBe('gitea');
  });

  it('prefers vendor headers over Standard Webhooks headers, and uses those alone otherwise', () => {
    const signing = { 'webhook-id': 'a', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };
    expect(byHeaders({ ...(gitlabHeaders('Push Hook') as Record<string, string>), ...signing })).toBe('gitlab');
    expect(byHeaders(signing)).toBe('standard');
    expect(byHeaders({ 'webhook-id': 'a' })).toBeNull();
  });

  it('reads header names case-insensitively and content types without parameters', () => {
    expect(byHeaders({ 'X-GitHub-Event': 'push' })).toBe('github');
    expect(byHeaders({ 'X-Gitlab-Event': 'Push Hook' })).toBe('gitlab');
    expect(byHeaders({ 'Content-Type': 'application/vnd.docker.distribution.events.v1+json; charset=utf-8' })).toBe('distribution');
    expect(byHeaders({ 'content-type': 'application/cloudevents+json' })).toBe('harbor');
    expect(byHeaders({ 'content-type': 'application/json' })).toBeNull();
  });

  it('tells header-less senders apart by body shape', () => {
    expect(detectByBody(dockerHubBody())).toBe('dockerhub');
    expect(detectByBody(quayBody(['x']))).toBe('quay');
    expect(detectByBody(harborDefaultBody([]))).toBe('harbor');
    expect(detectByBody({ events: [{ action: 'push', target: {} }] })).toBe('distribution');
    expect(detectByBody({ image: 'x:y' })).toBe('generic');
    expect(detectByBody({})).toBe('generic');
  });

  it('keeps a header-identified vendor even when its body looks like another vendor', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('push'), dockerHubBody()));
    expect(parsed.vendor).toBe('github');
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });

  it('keeps the vendor and event name when the body cannot be read at all', () => {
    const parsed = parseWebhook({ headers: { ...githubHeaders('package'), 'content-type': 'application/json' }, body: Buffer.from('{') });
    expect(parsed).toMatchObject({ vendor: 'github', event: 'package', deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    const text = parseWebhook({ headers: { ...gitlabHeaders('Push Hook'), 'content-type': 'text/plain' }, body: Buffer.from('hi') });
    expect(text).toMatchObject({ vendor: 'gitlab', event: 'Push Hook' });
    expect(text.outcome).toMatchObject({ kind: 'invalid', status: 415 });
  });

  it('caps very long delivery ids in the dedupe key', () => {
    const parsed = parseWebhook(jsonRequest(gitlabHeaders('Push Hook', { 'idempotency-key': 'x'.repeat(5000) }), gitlabPushBody()));
    expect(parsed.dedupeKey).toMatch(/^gitlab:id:[0-9a-f]{64}$/);
  });
});
