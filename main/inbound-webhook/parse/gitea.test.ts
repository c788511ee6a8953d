import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import {
  COMMIT_A,
  COMMIT_B,
  DIGEST_AMD64,
  TAG_OBJECT,
  ZERO,
  eventsOf,
  formRequest,
  giteaHeaders,
  giteaPackageBody,
  giteaPushBody,
  jsonRequest,
  reasonOf,
} from '../../../test/fixtures/webhook-bodies';

describe('Gitea package events', () => {
  it('reads a container package version as a tag event on the Gitea host', () => {
    const parsed = parseWebhook(jsonRequest(giteaHeaders('package', 'package'), giteaPackageBody()));
    expect(parsed.vendor).toBe('gitea');
    expect(parsed.event).toBe('package');
    expect(parsed.deliveryId).toBe('b7d8e3a0-0000-4000-8000-000000000001');
    expect(eventsOf(parsed)).toEqual([{ kind: 'image', registry: 'localhost:3000', repository: 'acme/team/web', tag: 'v1.4.0' }]);
  });

  it('handles the empty X-Gitea-Event sent for packages, with the fine-grained type present', () => {
    const parsed = parseWebhook(jsonRequest(giteaHeaders('', 'package'), giteaPackageBody()));
    expect(parsed.event).toBe('package');
    expect(eventsOf(parsed)).toHaveLength(1);
  });

  it('handles the empty X-Gitea-Event without any event type by looking at the body', () => {
    const parsed = parseWebhook(jsonRequest(giteaHeaders('', undefined), giteaPackageBody()));
    expect(parsed.event).toBe('package');
    expect(eventsOf(parsed)[0]).toMatchObject({ repository: 'acme/team/web', tag: 'v1.4.0' });
  });

  it('ignores per-platform manifests pushed by digest (multi-arch fan-out), keeping the tagged index', () => {
    const child = parseWebhook(jsonRequest(giteaHeaders('', 'package'), giteaPackageBody({ version: DIGEST_AMD64 })));
    expect(child.outcome.kind).toBe('ignored');
    expect(reasonOf(child.outcome)).toMatch(/untagged/);
    const index = parseWebhook(jsonRequest(giteaHeaders('', 'package'), giteaPackageBody({ version: 'latest' })));
    expect(eventsOf(index)[0]).toMatchObject({ tag: 'latest' });
  });

  it('ignores non-container packages and deletions', () => {
    const npm = parseWebhook(jsonRequest(giteaHeaders('', 'package'), giteaPackageBody({ type: 'npm', name: 'left-pad', version: '1.0.0' })));
    expect(npm.outcome).toMatchObject({ kind: 'ignored' });
    expect(reasonOf(npm.outcome)).toMatch(/npm package/);
    const deleted = parseWebhook(jsonRequest(giteaHeaders('', 'package'), giteaPackageBody({ action: 'deleted' })));
    expect(deleted.outcome).toMatchObject({ kind: 'ignored' });
    expect(reasonOf(deleted.outcome)).toMatch(/deleted/);
  });

  it('keys a replay (new delivery UUID, same body) like the original, and a re-push of the tag differently', () => {
    const body = giteaPackageBody();
    const first = parseWebhook(jsonRequest(giteaHeaders('', 'package', 'uuid-1'), body));
    const replay = parseWebhook(jsonRequest(giteaHeaders('', 'package', 'uuid-2'), body));
    expect(replay.deliveryId).toBe('uuid-2');
    expect(replay.dedupeKey).toBe(first.dedupeKey);
    expect(first.dedupeKey).toMatch(/^gitea:body:[0-9a-f]{64}$/);
    const repush = parseWebhook(jsonRequest(giteaHeaders('', 'package', 'uuid-3'), { ...body, package: { ...body.package, created_at: '2026-11-03T00:00:00Z' } }));
    expect(repush.dedupeKey).not.toBe(first.dedupeKey);
    expect(eventsOf(repush)).toEqual(eventsOf(first));
  });

  it('answers 400 (no fall-through) when a package body is malformed', () => {
    const body = giteaPackageBody() as Record<string, unknown>;
    const parsed = parseWebhook(jsonRequest(giteaHeaders('', 'package'), { ...body, package: { name: 'web', version: 'v1' } }));
    expect(parsed.vendor).toBe('gitea');
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/package\.(type|owner)/);
  });

  it('says so when the registry host cannot be known', () => {
    const body = giteaPackageBody();
    const parsed = parseWebhook(jsonRequest(giteaHeaders('', 'package'), { ...body, package: { ...body.package, html_url: undefined } }));
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/registry host/);
  });
});

describe('Gitea push events', () => {
  it('reads a branch push with its commits', () => {
    const parsed = parseWebhook(jsonRequest(giteaHeaders('push', 'push'), giteaPushBody()));
    expect(eventsOf(parsed)).toEqual([
      {
        kind: 'git',
        repo: 'acme/web',
        repoUrl: 'http://localhost:3000/acme/web.git',
        ref: 'refs/heads/main',
        branch: 'main',
        commit: COMMIT_B,
        pusher: 'dana',
        commits: [
          { id: COMMIT_A, message: 'change 0\n', url: `http://localhost:3000/acme/web/commit/${COMMIT_A}`, author: 'dana' },
          { id: COMMIT_B, message: 'change 1\n', url: `http://localhost:3000/acme/web/commit/${COMMIT_A}`, author: 'dana' },
        ],
        compareUrl: `http://localhost:3000/acme/web/compare/${COMMIT_A}...${COMMIT_B}`,
      },
    ]);
  });

  it('reads a tag push and prefers head_commit for the commit', () => {
    const body = { ...giteaPushBody({ ref: 'refs/tags/v1.4.0', after: TAG_OBJECT, commits: 0 }), head_commit: { id: COMMIT_A } };
    const [event] = eventsOf(parseWebhook(jsonRequest(giteaHeaders('push', 'push'), body)));
    expect(event).toMatchObject({ kind: 'git', ref: 'refs/tags/v1.4.0', tag: 'v1.4.0', commit: COMMIT_A, commits: [] });
  });

  it('ignores ref deletions and the create/delete/pull_request events', () => {
    const deleted = parseWebhook(jsonRequest(giteaHeaders('push', 'push'), giteaPushBody({ after: ZERO, commits: 0 })));
    expect(deleted.outcome).toMatchObject({ kind: 'ignored' });
    expect(reasonOf(deleted.outcome)).toMatch(/branch "main" of acme\/web was deleted/);
    for (const [event, type] of [['delete', 'delete'], ['create', 'create'], ['pull_request', 'pull_request_sync']] as const) {
      const parsed = parseWebhook(jsonRequest(giteaHeaders(event, type), { ref: 'main', ref_type: 'branch' }));
      expect(parsed.outcome, type).toMatchObject({ kind: 'ignored' });
      expect(parsed.event).toBe(type);
    }
  });

  it('reads form-encoded hooks (payload=<json>)', () => {
    const parsed = parseWebhook(formRequest(giteaHeaders('push', 'push'), giteaPushBody()));
    expect(eventsOf(parsed)[0]).toMatchObject({ repo: 'acme/web', commit: COMMIT_B });
  });

  it('rejects a push with a commit that is not an id', () => {
    const parsed = parseWebhook(jsonRequest(giteaHeaders('push', 'push'), { ...giteaPushBody(), after: 'nope', head_commit: null }));
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });
});

describe('Forgejo', () => {
  it('is told apart by its own headers and read like Gitea', () => {
    const headers = {
      ...giteaHeaders('', 'package', 'f-1'),
      'x-forgejo-delivery': 'f-1',
      'x-forgejo-event': '',
      'x-forgejo-event-type': 'package',
      'x-forgejo-signature': '',
    };
    const parsed = parseWebhook(jsonRequest(headers, giteaPackageBody({ owner: 'ops', name: 'api', version: '2.0.0' })));
    expect(parsed.vendor).toBe('forgejo');
    expect(parsed.deliveryId).toBe('f-1');
    expect(eventsOf(parsed)).toEqual([{ kind: 'image', registry: 'localhost:3000', repository: 'ops/api', tag: '2.0.0' }]);
  });
});
