import { z } from 'zod';
import { isCommitId, refParts } from './git-ref';
import type { GitCommit, GitEvent } from './types';

/** Commit entries as Gitea, GitHub and GitLab write them (only what a git event keeps). */
export const commitSchema = z.object({
  id: z.string(),
  message: z.string().nullish(),
  url: z.string().nullish(),
  author: z.object({ name: z.string().nullish(), username: z.string().nullish() }).nullish(),
});

export interface GitFields {
  readonly repo: string;
  readonly repoUrl?: string | null | undefined;
  readonly ref: string;
  readonly commit: string;
  readonly pusher?: string | null | undefined;
  readonly commits: readonly z.infer<typeof commitSchema>[];
  readonly compareUrl?: string | null | undefined;
}

export type GitEventResult = { readonly ok: true; readonly event: GitEvent } | { readonly ok: false; readonly reason: string };

export function gitEvent(f: GitFields): GitEventResult {
  if (f.repo.trim() === '') return { ok: false, reason: 'the repository name is empty' };
  if (f.ref.trim() === '') return { ok: false, reason: 'the ref is empty' };
  if (!isCommitId(f.commit)) return { ok: false, reason: `"${f.commit}" is not a commit id` };
  const commits: GitCommit[] = f.commits.map((c) => {
    const author = c.author?.username || c.author?.name;
    return {
      id: c.id,
      message: c.message ?? '',
      ...(c.url ? { url: c.url } : {}),
      ...(author ? { author } : {}),
    };
  });
  const event: GitEvent = {
    kind: 'git',
    repo: f.repo,
    ...(f.repoUrl ? { repoUrl: f.repoUrl } : {}),
    ref: f.ref,
    ...refParts(f.ref),
    commit: f.commit.toLowerCase(),
    ...(f.pusher ? { pusher: f.pusher } : {}),
    commits,
    ...(f.compareUrl ? { compareUrl: f.compareUrl } : {}),
  };
  return { ok: true, event };
}

/** "branch main" / "tag v1" / the raw ref, for reasons. */
export function describeRef(ref: string): string {
  const parts = refParts(ref);
  if (parts.branch !== undefined) return `branch "${parts.branch}"`;
  if (parts.tag !== undefined) return `tag "${parts.tag}"`;
  return `ref "${ref}"`;
}
