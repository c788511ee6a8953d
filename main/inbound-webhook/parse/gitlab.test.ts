import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import { COMMIT_B, TAG_OBJECT, ZERO, eventsOf, gitlabHeaders, gitlabPushBody, jsonRequest, reasonOf } from '../../../test/fixtures/webhook-bodies';

describe('GitLab push hooks', () => {
  it('reads a Push Hook as (path_with_namespace, ref, checkout_sha)', () => {
    const parsed = parseWebhook(jsonRequest(gitlabHeaders('Push Hook'), gitlabPushBody()));
    expect(parsed.vendor).toBe('gitlab');
    expect(parsed.event).toBe('Push Hook');
    expect(eventsOf(parsed)).toEqual([
      {
        kind: 'git',
        repo: 'platform/apps/web',
        repoUrl: 'https://gitlab.example.com/platform/apps/web.git',
        ref: 'refs/heads/main',
        branch: 'main',
        commit: COMMIT_B,
        pusher: 'dana',
        commits: [{ id: COMMIT_B, message: 'Update the banner\n', url: `https://gitlab.example.com/platform/apps/web/-/commit/${COMMIT_B}`, author: 'Dana Dev' }],
      },
    ]);
  });

  it('reads a Tag Push Hook of an annotated tag: the commit is checkout_sha, not the tag object', () => {
    const body = gitlabPushBody({ kind: 'tag_push', ref: 'refs/tags/v1.0.0', after: TAG_OBJECT, checkoutSha: COMMIT_B });
    const [event] = eventsOf(parseWebhook(jsonRequest(gitlabHeaders('Tag Push Hook'), body)));
    expect(event).toMatchObject({ tag: 'v1.0.0', commit: COMMIT_B });
  });

  it('ignores deleted refs (checkout_sha null)', () => {
    const parsed = parseWebhook(jsonRequest(gitlabHeaders('Tag Push Hook'), gitlabPushBody({ kind: 'tag_push', ref: 'refs/tags/v0', after: ZERO, checkoutSha: null })));
    expect(parsed.outcome.kind).toBe('ignored');
    expect(reasonOf(parsed.outcome)).toMatch(/tag "v0" of platform\/apps\/web was deleted/);
  });

  it('dedupes on Idempotency-Key, falling back to X-Gitlab-Event-UUID', () => {
    const keyed = parseWebhook(jsonRequest(gitlabHeaders('Push Hook', { 'idempotency-key': 'idem-7' }), gitlabPushBody()));
    expect(keyed.deliveryId).toBe('idem-7');
    expect(keyed.dedupeKey).toBe('gitlab:id:idem-7');
    const resent = parseWebhook(jsonRequest(gitlabHeaders('Push Hook', { 'idempotency-key': 'idem-7', 'x-gitlab-event-uuid': 'other' }), gitlabPushBody()));
    expect(resent.dedupeKey).toBe(keyed.dedupeKey);
    const old = parseWebhook(jsonRequest(gitlabHeaders('Push Hook'), gitlabPushBody()));
    expect(old.dedupeKey).toBe('gitlab:id:13792a34-cac6-4fda-95a8-c58e00a3954e');
  });

  it('reads pushes delivered as System Hook and ignores other system and project events', () => {
    const system = parseWebhook(jsonRequest(gitlabHeaders('System Hook'), gitlabPushBody()));
    expect(eventsOf(system)).toHaveLength(1);
    const project = parseWebhook(jsonRequest(gitlabHeaders('System Hook'), { object_kind: 'project_create', event_name: 'project_create' }));
    expect(project.outcome.kind).toBe('ignored');
    const mr = parseWebhook(jsonRequest(gitlabHeaders('Merge Request Hook'), { object_kind: 'merge_request' }));
    expect(mr.outcome.kind).toBe('ignored');
    expect(reasonOf(mr.outcome)).toMatch(/Merge Request Hook/);
  });

  it('stays GitLab when Standard Webhooks signing headers are added', () => {
    const headers = gitlabHeaders('Push Hook', { 'webhook-id': 'idem-9', 'webhook-timestamp': '1793000000', 'webhook-signature': 'v1,AAAA', 'idempotency-key': 'idem-9' });
    const parsed = parseWebhook(jsonRequest(headers, gitlabPushBody()));
    expect(parsed.vendor).toBe('gitlab');
    expect(eventsOf(parsed)).toHaveLength(1);
  });

  it('answers 400 for a malformed push body', () => {
    const { project: _project, ...body } = gitlabPushBody();
    const parsed = parseWebhook(jsonRequest(gitlabHeaders('Push Hook'), body));
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/project/);
  });
});
