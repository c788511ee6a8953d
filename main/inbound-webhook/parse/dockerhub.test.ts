import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import { dockerHubBody, eventsOf, jsonRequest, reasonOf } from '../../../test/fixtures/webhook-bodies';

describe('Docker Hub', () => {
  it('reads repo_name and tag on docker.io, without a digest', () => {
    const parsed = parseWebhook(jsonRequest({ 'user-agent': 'Go-http-client/1.1' }, dockerHubBody()));
    expect(parsed.vendor).toBe('dockerhub');
    expect(parsed.event).toBe('push');
    expect(parsed.deliveryId).toBeNull();
    expect(parsed.dedupeKey).toMatch(/^dockerhub:sha256:[0-9a-f]{64}$/);
    expect(eventsOf(parsed)).toEqual([{ kind: 'image', registry: 'docker.io', repository: 'acme/web', tag: 'v3' }]);
  });

  it('writes official images as library/x', () => {
    expect(eventsOf(parseWebhook(jsonRequest({}, dockerHubBody({ repoName: 'nginx', tag: '1.27' }))))[0]).toMatchObject({ repository: 'library/nginx' });
    expect(eventsOf(parseWebhook(jsonRequest({}, dockerHubBody({ repoName: 'library/nginx', tag: '1.27' }))))[0]).toMatchObject({ repository: 'library/nginx' });
  });

  it('ignores pushes without a tag and artifacts that are not images (Helm charts)', () => {
    expect(parseWebhook(jsonRequest({}, dockerHubBody({ tag: '' }))).outcome.kind).toBe('ignored');
    const helm = parseWebhook(jsonRequest({}, dockerHubBody({ mediaType: 'application/vnd.cncf.helm.config.v1+json' })));
    expect(helm.outcome.kind).toBe('ignored');
    expect(reasonOf(helm.outcome)).toMatch(/not a container image/);
    const image = parseWebhook(jsonRequest({}, dockerHubBody({ mediaType: 'application/vnd.oci.image.config.v1+json' })));
    expect(image.outcome.kind).toBe('events');
  });

  it('answers 400 when the repository name is missing', () => {
    const body = dockerHubBody();
    const parsed = parseWebhook(jsonRequest({}, { ...body, repository: { name: 'web' } }));
    expect(parsed.vendor).toBe('dockerhub');
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });
});
