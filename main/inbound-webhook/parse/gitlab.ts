import { z } from 'zod';
import type { JsonObject } from './body';
import { commitSchema, describeRef, gitEvent } from './git-event';
import { isZeroSha } from './git-ref';
import type { Headers } from './headers';
import { firstNonEmpty } from './headers';
import type { VendorResult } from './outcome';
import { ignored, invalid, schemaReason } from './outcome';

const pushSchema = z.object({
  object_kind: z.string().nullish(),
  ref: z.string(),
  after: z.string().nullish(),
  checkout_sha: z.string().nullish(),
  user_username: z.string().nullish(),
  user_name: z.string().nullish(),
  project: z.object({
    path_with_namespace: z.string(),
    git_http_url: z.string().nullish(),
    web_url: z.string().nullish(),
  }),
  commits: z.array(commitSchema).nullish(),
});

const PUSH_KINDS = new Set(['push', 'tag_push']);

export function parseGitLab(headers: Headers, payload: JsonObject): VendorResult {
  const event = firstNonEmpty(headers, 'x-gitlab-event') ?? '';
  const kind = typeof payload.object_kind === 'string' ? payload.object_kind : undefined;
  // System hooks carry pushes under "System Hook"; the body's object_kind says which.
  const isPush = event === 'Push Hook' || event === 'Tag Push Hook' || (event === 'System Hook' && kind !== undefined && PUSH_KINDS.has(kind));
  if (!isPush) {
    const what = event === 'System Hook' ? `system hook "${kind ?? 'unknown'}"` : `"${event}"`;
    return { event, outcome: ignored(`GitLab ${what} events are not used; select Push events and Tag push events only`) };
  }
  const parsed = pushSchema.safeParse(payload);
  if (!parsed.success) return { event, outcome: invalid(schemaReason(`GitLab ${event}`, parsed.error)) };
  const p = parsed.data;
  // checkout_sha is null when the ref was deleted; for tags it is the dereferenced commit.
  if (p.checkout_sha == null || isZeroSha(p.after)) {
    return { event, outcome: ignored(`${describeRef(p.ref)} of ${p.project.path_with_namespace} was deleted`) };
  }
  const result = gitEvent({
    repo: p.project.path_with_namespace,
    repoUrl: p.project.git_http_url ?? p.project.web_url,
    ref: p.ref,
    commit: p.checkout_sha,
    pusher: p.user_username ?? p.user_name,
    commits: p.commits ?? [],
  });
  return { event, outcome: result.ok ? { kind: 'events', events: [result.event] } : invalid(`GitLab ${event}: ${result.reason}`) };
}
