import { z } from 'zod';
import { method } from './define';
import { ByProject } from './common';

export const GitRefSchema = z.object({
  name: z.string().describe('branch or tag name, e.g. "main", "v1.2.0"'),
  kind: z.enum(['branch', 'tag']),
  commit: z.string().describe('the commit it points at (a tag peeled to its commit)'),
});
export type GitRef = z.infer<typeof GitRefSchema>;

/** A static project's refs for the Deploy dialog (one `ls-remote` of its repository). */
export const staticRefMethods = {
  'static.refs': method(
    ByProject,
    z.object({
      branch: z.string().describe("the project's branch (what a deploy without a ref takes)"),
      refs: z.array(GitRefSchema).describe("the project's branch first, then branches, then tags, each by name"),
    }),
    "The branches and tags of a static project's repository, as the server has them now (a deploy also takes a full commit sha).",
  ),
} as const;
