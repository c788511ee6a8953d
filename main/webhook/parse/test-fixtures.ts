import { createHmac } from 'node:crypto';
import type { HeaderValues, Outcome, Parsed, TagEvent, GitEvent, WebhookRequest } from './types';

/*
 * Test-only builders. Bodies are written from the shapes in WEBHOOK-FORMATS.md, keeping only the
 * fields a parser might read plus a little noise, never copied vendor samples.
 */

export const DIGEST_INDEX = `sha256:${'1a'.repeat(32)}`;
export const DIGEST_AMD64 = `sha256:${'2b'.repeat(32)}`;
export const DIGEST_ARM64 = `sha256:${'3c'.repeat(32)}`;
export const DIGEST_LAYER = `sha256:${'4d'.repeat(32)}`;
export const COMMIT_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const COMMIT_B = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const TAG_OBJECT = 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const ZERO = '0'.repeat(40);

export const JSON_TYPE = { 'content-type': 'application/json' } as const;

export function jsonRequest(headers: HeaderValues, body: unknown): WebhookRequest {
  return { headers: { ...JSON_TYPE, ...headers }, body: Buffer.from(JSON.stringify(body)) };
}

export function formRequest(headers: HeaderValues, body: unknown): WebhookRequest {
  const form = new URLSearchParams({ payload: JSON.stringify(body) }).toString();
  return { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form) };
}

export const hmacHex = (secret: string, data: Buffer | string): string => createHmac('sha256', secret).update(data).digest('hex');

export function eventsOf(parsed: Parsed): readonly (TagEvent | GitEvent)[] {
  if (parsed.outcome.kind !== 'events') {
    throw new Error(`expected events, got ${parsed.outcome.kind}: ${'reason' in parsed.outcome ? parsed.outcome.reason : ''}`);
  }
  return parsed.outcome.events;
}

export function reasonOf(outcome: Outcome): string {
  return outcome.kind === 'events' ? '' : outcome.reason;
}

// ── Gitea / Forgejo ──────────────────────────────────────────────────────────

export function giteaHeaders(event: string, eventType: string | undefined, uuid = 'b7d8e3a0-0000-4000-8000-000000000001'): HeaderValues {
  return {
    'x-gitea-delivery': uuid,
    'x-gitea-event': event,
    ...(eventType === undefined ? {} : { 'x-gitea-event-type': eventType }),
    'x-gogs-delivery': uuid,
    'x-gogs-event': event,
    'x-github-delivery': uuid,
    'x-github-event': event,
    'x-gitea-signature': '',
    'user-agent': 'Go-http-client/1.1',
  };
}

export function giteaPackageBody(opts: { version?: string; type?: string; action?: string; owner?: string; name?: string } = {}) {
  const owner = opts.owner ?? 'Acme';
  const name = opts.name ?? 'team/web';
  const version = opts.version ?? 'v1.4.0';
  return {
    action: opts.action ?? 'created',
    package: {
      id: 812,
      type: opts.type ?? 'container',
      name,
      version,
      owner: { id: 3, login: owner, full_name: 'Acme Inc' },
      repository: null,
      creator: { login: 'ci-bot' },
      html_url: `http://localhost:3000/${owner}/-/packages/container/${name}/${version}`,
      created_at: '2026-11-02T10:00:00Z',
    },
    repository: null,
    organization: { login: owner },
    sender: { login: 'ci-bot' },
  };
}

export function giteaPushBody(opts: { ref?: string; after?: string; commits?: number } = {}) {
  const after = opts.after ?? COMMIT_B;
  const commits = Array.from({ length: opts.commits ?? 2 }, (_, i) => ({
    id: i === (opts.commits ?? 2) - 1 ? after : COMMIT_A,
    message: `change ${String(i)}\n`,
    url: `http://localhost:3000/acme/web/commit/${COMMIT_A}`,
    author: { name: 'Dana Dev', email: 'dana@example.com', username: 'dana' },
    committer: { name: 'Dana Dev', email: 'dana@example.com', username: 'dana' },
    timestamp: '2026-11-02T10:00:00Z',
    added: [],
    removed: [],
    modified: ['README.md'],
  }));
  return {
    ref: opts.ref ?? 'refs/heads/main',
    before: COMMIT_A,
    after,
    compare_url: `http://localhost:3000/acme/web/compare/${COMMIT_A}...${after}`,
    commits,
    total_commits: commits.length,
    head_commit: ZERO === after ? null : commits.at(-1) ?? null,
    repository: {
      id: 7,
      name: 'web',
      full_name: 'acme/web',
      clone_url: 'http://localhost:3000/acme/web.git',
      ssh_url: 'git@localhost:acme/web.git',
      html_url: 'http://localhost:3000/acme/web',
      default_branch: 'main',
      owner: { login: 'acme' },
    },
    pusher: { login: 'dana', username: 'dana' },
    sender: { login: 'dana' },
  };
}

// ── GitHub ───────────────────────────────────────────────────────────────────

export function githubHeaders(event: string, delivery = '72d3162e-cc78-11e3-81ab-4c9367dc0958'): HeaderValues {
  return {
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '4242',
    'x-github-hook-installation-target-type': 'repository',
    'user-agent': 'GitHub-Hookshot/abc1234',
  };
}

export function githubPackageBody(
  opts: {
    key?: 'package' | 'registry_package';
    tag?: string;
    digest?: string;
    packageType?: string;
    ecosystem?: string;
    action?: string;
    packageUrl?: string | null;
    metadata?: boolean;
  } = {},
) {
  const tag = opts.tag ?? 'v2.1.0';
  const digest = opts.digest ?? DIGEST_INDEX;
  const pkg = {
    id: 99,
    name: 'web',
    namespace: 'acme',
    ecosystem: opts.ecosystem ?? 'CONTAINER',
    package_type: opts.packageType ?? 'CONTAINER',
    owner: { login: 'acme', type: 'Organization' },
    package_version: {
      id: 5001,
      version: digest,
      name: digest,
      ...(opts.packageUrl === null ? {} : { package_url: opts.packageUrl ?? `ghcr.io/acme/web:${tag}` }),
      installation_command: `docker pull ghcr.io/acme/web:${tag}`,
      target_oid: COMMIT_A,
      target_commitish: 'main',
      container_metadata:
        opts.metadata === false
          ? null
          : {
              tag: { name: tag, digest },
              manifest: { digest, media_type: 'application/vnd.oci.image.index.v1+json', size: 1609 },
              labels: { source: 'https://github.com/acme/web', revision: COMMIT_A },
            },
    },
    registry: { name: 'GitHub CONTAINER registry', type: 'CONTAINER', url: 'https://CONTAINER.pkg.github.com/acme' },
  };
  return {
    action: opts.action ?? 'published',
    [opts.key ?? 'package']: pkg,
    repository: { full_name: 'acme/web' },
    sender: { login: 'acme-ci' },
  };
}

export function githubPushBody(opts: { ref?: string; after?: string; deleted?: boolean; headCommit?: string | null } = {}) {
  const after = opts.after ?? COMMIT_B;
  const deleted = opts.deleted ?? false;
  const head = opts.headCommit === undefined ? after : opts.headCommit;
  return {
    ref: opts.ref ?? 'refs/heads/main',
    before: COMMIT_A,
    after,
    created: false,
    deleted,
    forced: false,
    base_ref: null,
    compare: `https://github.com/acme/web/compare/${COMMIT_A.slice(0, 12)}...${after.slice(0, 12)}`,
    head_commit: head === null ? null : { id: head, message: 'fix: header\n', author: { name: 'Dana Dev', username: 'dana' } },
    commits: deleted
      ? []
      : [
          { id: COMMIT_B, message: 'fix: header\n', url: `https://github.com/acme/web/commit/${COMMIT_B}`, author: { name: 'Dana Dev', email: 'd@e.x', username: 'dana' }, added: [] },
        ],
    repository: {
      full_name: 'acme/web',
      clone_url: 'https://github.com/acme/web.git',
      ssh_url: 'git@github.com:acme/web.git',
      html_url: 'https://github.com/acme/web',
      default_branch: 'main',
    },
    pusher: { name: 'dana', email: 'd@e.x' },
    sender: { login: 'dana' },
  };
}

// ── GitLab ───────────────────────────────────────────────────────────────────

export function gitlabHeaders(event: string, extra: HeaderValues = {}): HeaderValues {
  return {
    'x-gitlab-event': event,
    'x-gitlab-event-uuid': '13792a34-cac6-4fda-95a8-c58e00a3954e',
    'x-gitlab-webhook-uuid': '9c8e3f5a-0000-4000-8000-0000000000aa',
    'x-gitlab-instance': 'https://gitlab.example.com',
    'user-agent': 'GitLab/17.5.0',
    ...extra,
  };
}

export function gitlabPushBody(opts: { kind?: 'push' | 'tag_push'; ref?: string; after?: string; checkoutSha?: string | null } = {}) {
  const kind = opts.kind ?? 'push';
  return {
    object_kind: kind,
    event_name: kind,
    before: COMMIT_A,
    after: opts.after ?? COMMIT_B,
    ref: opts.ref ?? 'refs/heads/main',
    checkout_sha: opts.checkoutSha === undefined ? COMMIT_B : opts.checkoutSha,
    user_name: 'Dana Dev',
    user_username: 'dana',
    project_id: 15,
    project: {
      id: 15,
      path_with_namespace: 'platform/apps/web',
      git_http_url: 'https://gitlab.example.com/platform/apps/web.git',
      git_ssh_url: 'git@gitlab.example.com:platform/apps/web.git',
      web_url: 'https://gitlab.example.com/platform/apps/web',
      default_branch: 'main',
    },
    commits: [
      {
        id: COMMIT_B,
        message: 'Update the banner\n',
        timestamp: '2026-11-02T10:00:00+00:00',
        url: `https://gitlab.example.com/platform/apps/web/-/commit/${COMMIT_B}`,
        author: { name: 'Dana Dev', email: 'dana@example.com' },
        added: [],
        modified: ['banner.txt'],
        removed: [],
      },
    ],
    total_commits_count: 1,
  };
}

// ── Docker Hub, Quay, Harbor ─────────────────────────────────────────────────

export function dockerHubBody(opts: { repoName?: string; tag?: string; mediaType?: string } = {}) {
  const repoName = opts.repoName ?? 'acme/web';
  return {
    callback_url: `https://registry.hub.docker.com/u/${repoName}/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/`,
    push_data: {
      pushed_at: 1_793_000_000,
      pusher: 'acmeci',
      tag: opts.tag ?? 'v3',
      ...(opts.mediaType ? { media_type: opts.mediaType } : {}),
    },
    repository: {
      repo_name: repoName,
      namespace: repoName.split('/')[0],
      name: repoName.split('/').at(-1),
      repo_url: `https://hub.docker.com/r/${repoName}`,
      is_private: false,
      status: 'Active',
    },
  };
}

export function quayBody(tags: unknown, dockerUrl = 'quay.io/acme/web') {
  return {
    repository: 'acme/web',
    namespace: 'acme',
    name: 'web',
    docker_url: dockerUrl,
    homepage: 'https://quay.io/repository/acme/web',
    updated_tags: tags,
  };
}

export type HarborResource = { digest?: string; tag?: string; resource_url: string };

export function harborDefaultBody(resources: readonly HarborResource[], type = 'PUSH_ARTIFACT') {
  return {
    type,
    occur_at: 1_793_000_000,
    operator: 'admin',
    event_data: {
      resources,
      repository: { date_created: 1_790_000_000, name: 'web', namespace: 'acme', repo_full_name: 'acme/web', repo_type: 'private' },
    },
  };
}

export function harborCloudEventBody(resources: readonly HarborResource[], type = 'harbor.artifact.pushed', id = '66a2b1e4-5f53-4bb2-9a1d-5c2b3c1d7f10') {
  return {
    specversion: '1.0',
    id,
    requestid: 'req-1',
    source: '/projects/2/webhook/policies/7',
    type,
    time: '2026-11-02T10:00:00Z',
    operator: 'admin',
    datacontenttype: 'application/json',
    data: { resources, repository: { name: 'web', namespace: 'acme', repo_full_name: 'acme/web', repo_type: 'private' } },
  };
}

// ── Distribution (registry notifications) ────────────────────────────────────

export const DIST_V1 = 'application/vnd.docker.distribution.events.v1+json';
export const DIST_V2 = 'application/vnd.docker.distribution.events.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

let nextId = 0;
export function distEvent(
  action: string,
  target: { mediaType?: string; digest?: string; repository?: string; tag?: string; url?: string },
  opts: { id?: string; host?: string | null } = {},
) {
  nextId += 1;
  const repository = target.repository ?? 'acme/web';
  const host = opts.host === undefined ? 'localhost:5000' : opts.host;
  return {
    id: opts.id ?? `0c5d1e7a-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    timestamp: '2026-11-02T10:00:00.123456789Z',
    action,
    target: {
      mediaType: target.mediaType ?? OCI_MANIFEST,
      size: 1234,
      length: 1234,
      repository,
      ...(target.digest ? { digest: target.digest } : {}),
      url: target.url ?? `http://${host ?? 'localhost:5000'}/v2/${repository}/manifests/${target.digest ?? 'x'}`,
      ...(target.tag !== undefined ? { tag: target.tag } : {}),
    },
    request: { id: 'req', addr: '127.0.0.1:51234', ...(host === null ? {} : { host }), method: 'PUT', useragent: 'docker/20.10' },
    actor: {},
    source: { addr: 'registry:5000', instanceID: '7d3e9a4c-0000-4000-8000-000000000000' },
  };
}

export function distRequest(events: readonly unknown[], mediaType = DIST_V1): WebhookRequest {
  return {
    headers: { 'content-type': mediaType, authorization: 'Bearer test-token', 'user-agent': 'Go-http-client/1.1' },
    body: Buffer.from(JSON.stringify({ events }, null, 3)),
  };
}
