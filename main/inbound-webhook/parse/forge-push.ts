import { describeRef, gitEvent, type commitSchema } from './git-event';
import { isZeroSha } from './git-ref';
import { ignored, invalid } from './outcome';
import type { Outcome } from './types';
import type { z } from 'zod';

/** What GitHub-style push payloads (GitHub, Gitea, Forgejo) have in common. */
export interface ForgePush {
  readonly ref: string;
  readonly after: string;
  readonly head_commit?: { readonly id: string } | null | undefined;
  readonly commits?: readonly z.infer<typeof commitSchema>[] | null | undefined;
  readonly repository: { readonly full_name: string; readonly clone_url?: string | null | undefined; readonly html_url?: string | null | undefined };
}

/**
 * A GitHub-style push as a git event. The forges differ only in where the pusher and the compare
 * link sit and in how a deleted ref is flagged, which the caller passes in.
 */
export function forgePushOutcome(p: ForgePush, product: string, o: { readonly deleted: boolean; readonly pusher: string | null | undefined; readonly compareUrl: string | null | undefined }): Outcome {
  if (o.deleted || isZeroSha(p.after)) return ignored(`${describeRef(p.ref)} of ${p.repository.full_name} was deleted`);
  const result = gitEvent({
    repo: p.repository.full_name,
    repoUrl: p.repository.clone_url ?? p.repository.html_url,
    ref: p.ref,
    commit: p.head_commit?.id ?? p.after,
    pusher: o.pusher,
    commits: p.commits ?? [],
    compareUrl: o.compareUrl,
  });
  return result.ok ? { kind: 'events', events: [result.event] } : invalid(`${product} push: ${result.reason}`);
}
