import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';
import {
  COMMIT_A,
  COMMIT_B,
  DIGEST_AMD64,
  DIGEST_ARM64,
  DIGEST_INDEX,
  TAG_OBJECT,
  ZERO,
  eventsOf,
  formRequest,
  githubHeaders,
  githubPackageBody,
  githubPushBody,
  jsonRequest,
  reasonOf,
} from '../../../test/fixtures/webhook-bodies';

describe('GitHub package and registry_package events', () => {
  it('reads a published container version: repository from package_url, tag and digest from container_metadata', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody()));
    expect(parsed.vendor).toBe('github');
    expect(parsed.event).toBe('package');
    expect(eventsOf(parsed)).toEqual([
      { kind: 'image', registry: 'ghcr.io', repository: 'acme/web', tag: 'v2.1.0', digest: DIGEST_INDEX, mediaType: 'application/vnd.oci.image.index.v1+json' },
    ]);
  });

  it('reads registry_package (same inner object under another key) and the updated action', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('registry_package'), githubPackageBody({ key: 'registry_package', action: 'updated', tag: 'edge' })));
    expect(parsed.event).toBe('registry_package');
    expect(eventsOf(parsed)[0]).toMatchObject({ repository: 'acme/web', tag: 'edge' });
  });

  it('turns a multi-arch push (one event per manifest) into one tag event: children have an empty tag', () => {
    const deliveries = [
      githubPackageBody({ tag: '', digest: DIGEST_AMD64, packageUrl: 'ghcr.io/acme/web:' }),
      githubPackageBody({ tag: '', digest: DIGEST_ARM64, packageUrl: 'ghcr.io/acme/web:' }),
      githubPackageBody({ tag: 'v3', digest: DIGEST_INDEX }),
    ].map((body, i) => parseWebhook(jsonRequest(githubHeaders('package', `d-${String(i)}`), body)));
    expect(deliveries.map((p) => p.outcome.kind)).toEqual(['ignored', 'ignored', 'events']);
    expect(reasonOf(deliveries[0]!.outcome)).toMatch(/untagged manifest/);
    expect(eventsOf(deliveries[2]!)).toEqual([expect.objectContaining({ tag: 'v3', digest: DIGEST_INDEX })]);
  });

  it('ignores npm and other package types (compared case-insensitively) and accepts legacy docker', () => {
    const npm = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ packageType: 'npm', ecosystem: 'docker' })));
    expect(npm.outcome).toMatchObject({ kind: 'ignored' });
    expect(reasonOf(npm.outcome)).toMatch(/npm package "web" is not a container image/);
    const maven = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ packageType: 'maven' })));
    expect(maven.outcome.kind).toBe('ignored');
    const lower = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ packageType: 'container' })));
    expect(lower.outcome.kind).toBe('events');
    const legacy = parseWebhook(
      jsonRequest(githubHeaders('package'), githubPackageBody({ packageType: 'docker', packageUrl: 'docker.pkg.github.com/acme/web/web:1.0', tag: '1.0' })),
    );
    expect(eventsOf(legacy)[0]).toMatchObject({ registry: 'docker.pkg.github.com', repository: 'acme/web/web', tag: '1.0' });
  });

  it('ignores actions other than published and updated', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ action: 'deleted' })));
    expect(parsed.outcome.kind).toBe('ignored');
  });

  it('lower-cases the repository path of a package_url written with capitals, keeping the tag', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ packageUrl: 'ghcr.io/Acme/Web:RC-1', tag: 'RC-1' })));
    expect(eventsOf(parsed)[0]).toMatchObject({ registry: 'ghcr.io', repository: 'acme/web', tag: 'RC-1' });
  });

  it('falls back to ghcr.io/<namespace>/<name> without a package_url, and to the URL tag without metadata', () => {
    const noUrl = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ packageUrl: null })));
    expect(eventsOf(noUrl)[0]).toMatchObject({ registry: 'ghcr.io', repository: 'acme/web', tag: 'v2.1.0' });
    const noMeta = parseWebhook(jsonRequest(githubHeaders('package'), githubPackageBody({ metadata: false, tag: 'v9' })));
    expect(eventsOf(noMeta)[0]).toMatchObject({ repository: 'acme/web', tag: 'v9', digest: DIGEST_INDEX });
  });

  it('keys on the signed body, so a redelivery (same id) and a re-send under a new id are both repeats', () => {
    const a = parseWebhook(jsonRequest(githubHeaders('package', 'guid-1'), githubPackageBody()));
    const resent = parseWebhook(jsonRequest(githubHeaders('package', 'guid-2'), githubPackageBody()));
    const other = parseWebhook(jsonRequest(githubHeaders('package', 'guid-1'), githubPackageBody({ tag: 'other' })));
    expect(a.deliveryId).toBe('guid-1');
    expect(a.dedupeKey).toMatch(/^github:body:[0-9a-f]{64}$/);
    expect(resent.dedupeKey).toBe(a.dedupeKey);
    expect(other.dedupeKey).not.toBe(a.dedupeKey);
  });

  it('answers 400 for a malformed package payload instead of falling through', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('package'), { action: 'published', package: { id: 1 } }));
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
    expect(reasonOf(parsed.outcome)).toMatch(/package\.name/);
  });
});

describe('GitHub push, ping and other events', () => {
  it('reads a push: full_name, ref, head commit, pusher, commits and compare URL', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('push'), githubPushBody()));
    expect(eventsOf(parsed)).toEqual([
      {
        kind: 'git',
        repo: 'acme/web',
        repoUrl: 'https://github.com/acme/web.git',
        ref: 'refs/heads/main',
        branch: 'main',
        commit: COMMIT_B,
        pusher: 'dana',
        commits: [{ id: COMMIT_B, message: 'fix: header\n', url: `https://github.com/acme/web/commit/${COMMIT_B}`, author: 'dana' }],
        compareUrl: `https://github.com/acme/web/compare/${COMMIT_A.slice(0, 12)}...${COMMIT_B.slice(0, 12)}`,
      },
    ]);
  });

  it('takes the commit of an annotated tag from head_commit, not the tag object in after', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('push'), githubPushBody({ ref: 'refs/tags/v1', after: TAG_OBJECT, headCommit: COMMIT_A })));
    expect(eventsOf(parsed)[0]).toMatchObject({ tag: 'v1', commit: COMMIT_A });
  });

  it('ignores deletions', () => {
    const parsed = parseWebhook(jsonRequest(githubHeaders('push'), githubPushBody({ deleted: true, after: ZERO, headCommit: null })));
    expect(parsed.outcome.kind).toBe('ignored');
    expect(reasonOf(parsed.outcome)).toMatch(/deleted/);
  });

  it('answers ping with ignored and names other events as unused', () => {
    const ping = parseWebhook(jsonRequest(githubHeaders('ping'), { zen: 'Keep it logically awesome.', hook_id: 4242, hook: { type: 'Repository', events: ['push'] } }));
    expect(ping.outcome).toEqual({ kind: 'ignored', reason: 'ping: GitHub can reach Slipway (hook 4242)' });
    const issues = parseWebhook(jsonRequest(githubHeaders('issues'), { action: 'opened' }));
    expect(issues.outcome.kind).toBe('ignored');
    expect(reasonOf(issues.outcome)).toMatch(/"issues"/);
  });

  it('reads the form-encoded content type option', () => {
    const parsed = parseWebhook(formRequest(githubHeaders('push'), githubPushBody()));
    expect(eventsOf(parsed)[0]).toMatchObject({ repo: 'acme/web' });
  });

  it('answers 400 when the push body lacks the repository, and when X-GitHub-Event is missing', () => {
    const { repository: _repository, ...noRepo } = githubPushBody();
    expect(parseWebhook(jsonRequest(githubHeaders('push'), noRepo)).outcome).toMatchObject({ kind: 'invalid', status: 400 });
    const headers = { ...githubHeaders('push') };
    delete headers['x-github-event'];
    const parsed = parseWebhook(jsonRequest(headers, githubPushBody()));
    expect(parsed.vendor).toBe('github');
    expect(parsed.outcome).toMatchObject({ kind: 'invalid', status: 400 });
  });
});
