import { z } from 'zod';
import { method } from './define';
import { Id, ImageTag, Ok, Timestamp, ById } from './common';

export const GitCommitSchema = z.object({
  id: z.string(),
  message: z.string(),
  url: z.string().nullable(),
  author: z.string().nullable(),
});

export const GitPushSchema = z.object({
  id: Id,
  repo: z.string(),
  repoUrl: z.string().nullable(),
  ref: z.string(),
  branch: z.string().nullable(),
  tag: z.string().nullable(),
  commit: z.string(),
  pusher: z.string().nullable(),
  /** Commits in the push as the forge counted them (the list below may be truncated by the forge). */
  commitCount: z.number().int().nonnegative(),
  commits: z.array(GitCommitSchema),
  compareUrl: z.string().nullable(),
  receivedAt: Timestamp,
});
export type GitPush = z.infer<typeof GitPushSchema>;

export const GitRepositorySchema = z.object({
  repo: z.string(),
  repoUrl: z.string().nullable(),
  pushCount: z.number().int().nonnegative(),
  lastPushAt: Timestamp,
  pushes: z.array(GitPushSchema).describe('most recent first'),
});

/** What a followed repository's push does. More kinds may be added; clients must ignore unknown ones. */
export const FollowActionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('redeploy'),
      stageId: Id,
      tag: ImageTag.nullable().default(null).describe('tag to re-pull and deploy (a moving tag like `dev`); null = the stage\'s live tag'),
    })
    .strict(),
]);
export type FollowAction = z.infer<typeof FollowActionSchema>;

export const GitFollowSchema = z.object({
  id: Id,
  projectId: Id,
  repo: z.string(),
  branch: z.string().describe('glob matched against the pushed branch; tag pushes never match'),
  action: FollowActionSchema,
  createdAt: Timestamp,
  lastTriggeredAt: Timestamp.nullable(),
});
export type GitFollow = z.infer<typeof GitFollowSchema>;

export const gitMethods = {
  'git.pushes': method(
    z
      .object({
        repo: z.string().min(1).max(300).optional(),
        beforeId: Id.optional().describe("only pushes older than this one (with `repo`: the next page of that repository's history)"),
        limit: z.number().int().min(1).max(200).default(20).describe('pushes per repository'),
      })
      .strict(),
    z.object({ repositories: z.array(GitRepositorySchema) }),
    'Recent git pushes, grouped by repository (most recently pushed first).',
  ),
  'git.follow': method(
    z
      .object({
        projectId: Id,
        repo: z.string().min(1).max(300).describe('as the forge names it, e.g. `acme/web`'),
        branch: z.string().min(1).max(200).default('*'),
        action: FollowActionSchema,
      })
      .strict(),
    GitFollowSchema,
    'Make a project follow a git repository: a push to a matching branch runs the action.',
  ),
  'git.unfollow': method(ById, Ok, 'Stop following (by the id git.follow answered).'),
  'git.follows': method(
    z.object({ projectId: Id.optional() }).strict(),
    z.object({ follows: z.array(GitFollowSchema) }),
    'Which projects follow which repositories.',
  ),
} as const;
