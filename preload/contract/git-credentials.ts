import { z } from 'zod';
import { method } from './define';
import { Ok, Timestamp } from './common';

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/** "git.example.com" or "127.0.0.1:3000"; a pasted clone URL gives its host. */
export const GitHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'give the git host, e.g. "git.example.com" or "gitea.local:3000"')
  .max(255)
  .transform((h) => (/^https?:\/\//.test(h) ? hostOf(h) ?? h : h))
  .refine((h) => !/^[a-z][a-z0-9+.-]*:\/\//.test(h), 'give an http(s) clone URL or only the host[:port], e.g. "git.example.com"')
  .refine((h) => !h.includes('/') && !h.includes('@') && hostOf(`http://${h}`) === h, 'not a valid host[:port]; e.g. "git.example.com" or "127.0.0.1:3000"')
  .describe('git host[:port] as in clone URLs, e.g. "git.example.com"; a clone URL gives its host');

export const GitCredentialSchema = z.object({
  host: z.string(),
  username: z.string(),
  hasToken: z.literal(true).describe('a token is stored (encrypted); it is never sent back'),
  /** Why the stored token cannot be used (sealed by another key, key file refused), null when it can. */
  problem: z.string().nullable(),
  updatedAt: Timestamp,
});
export type GitCredential = z.infer<typeof GitCredentialSchema>;

/** Settings → Git credentials: per-host credentials for static sites' private repositories. */
export const gitCredentialMethods = {
  'gitCredentials.list': method(z.object({}).strict(), z.object({ credentials: z.array(GitCredentialSchema) }), 'Saved per-host git credentials (never the tokens).'),
  'gitCredentials.save': method(
    z
      .object({
        host: GitHostSchema,
        username: z.string().trim().min(1, 'give the user name (any name works for a token on GitHub, Gitea and Forgejo; "oauth2" on GitLab)').max(256),
        token: z.string().min(1, 'give the access token or password').max(8192),
      })
      .strict(),
    GitCredentialSchema,
    'Save the credentials a static project without its own token uses for a git host (HTTP basic auth); the token is stored encrypted.',
  ),
  'gitCredentials.remove': method(z.object({ host: GitHostSchema }).strict(), Ok, 'Forget the saved credentials of a git host.'),
} as const;
