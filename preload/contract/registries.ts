import { z } from 'zod';
import { method } from './define';
import { Empty, ImageTag, Ok, Port, Timestamp } from './common';
import { HealthCheckSchema } from './projects';

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const HOST = new RegExp(`^(?:\\[[0-9a-f:.]+\\]|${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}))?$`);

/**
 * A registry host as image references name it: `ghcr.io`, `localhost:5000`, `docker.io`. Docker reads the first
 * part of `acme/web` as a Hub namespace, so a host needs a dot, a port, or to be `localhost`.
 */
export const RegistryHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'give the registry host, e.g. "ghcr.io" or "localhost:5000"')
  .max(255)
  .refine((h) => !/^[a-z][a-z0-9+.-]*:\/\//.test(h), 'leave out the scheme: "ghcr.io", not "https://ghcr.io"')
  .refine((h) => !h.includes('/'), 'give only the host[:port], without a path (e.g. "ghcr.io", not "ghcr.io/acme")')
  .refine((h) => HOST.test(h), 'not a valid host[:port]; e.g. "ghcr.io", "localhost:5000", "docker.io"')
  .refine((h) => Number(HOST.exec(h)?.[1] ?? '1') <= 65535, 'the port must be at most 65535')
  .refine(
    (h) => h.includes('.') || h.includes(':') || h === 'localhost',
    'a registry host has a dot or a port, or is "localhost" (a bare name is read as a Docker Hub namespace)',
  )
  .describe('registry host[:port], e.g. "ghcr.io", "localhost:5000", "docker.io"');

const Username = z.string().trim().min(1, 'give the user name (or the token name your registry expects)').max(256);
const Password = z.string().min(1, 'give the password or access token').max(8192);

export const RegistryTestVerdictSchema = z.enum(['ok', 'unauthorized', 'unreachable', 'error']);
export type RegistryTestVerdict = z.infer<typeof RegistryTestVerdictSchema>;

export const RegistryEntrySchema = z.object({
  host: z.string(),
  username: z.string(),
  hasSecret: z.boolean().describe('a password is stored (encrypted); it is never sent back'),
  /** Why the stored password cannot be used (sealed by another key, key file refused), null when it can. */
  problem: z.string().nullable(),
  lastTest: z
    .object({ verdict: RegistryTestVerdictSchema, message: z.string(), at: Timestamp })
    .nullable()
    .describe('the last registries.test of the saved credentials'),
  updatedAt: Timestamp,
});
export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;

export const RegistryTestResultSchema = z.object({
  ok: z.boolean(),
  verdict: RegistryTestVerdictSchema,
  message: z.string(),
  /** True when credentials were sent and accepted. */
  authenticated: z.boolean(),
  credentialsFrom: z
    .enum(['given', 'saved', 'docker-config', 'none'])
    .describe('what was tested: the credentials in the request, the saved ones, ~/.docker/config.json, or anonymous access'),
});
export type RegistryTestResult = z.infer<typeof RegistryTestResultSchema>;

const ImageName = z.string().trim().min(1).max(300).describe('repository, e.g. "localhost:5000/acme/web" (a tag in it is ignored)');

export const RegistryTagSchema = z.object({
  tag: z.string(),
  /** Manifest digest (an index digest for multi-arch tags); null where finding it would cost a request per tag. */
  digest: z.string().nullable(),
  /** When the tag was pushed, where the registry says (Docker Hub). */
  updatedAt: Timestamp.nullable(),
});
export type RegistryTag = z.infer<typeof RegistryTagSchema>;

export const RegistryTagsSchema = z.object({
  image: z.string().describe('canonical repository, e.g. "docker.io/library/nginx"'),
  tags: z.array(RegistryTagSchema).describe('newest first: versions by semver, then by push time, then by name'),
  total: z.number().int().nonnegative().describe('how many tags the repository has'),
  truncated: z.boolean().describe('more tags exist than were returned'),
});
export type RegistryTags = z.infer<typeof RegistryTagsSchema>;

export const ImageHealthcheckSchema = z.object({
  test: z.array(z.string()),
  intervalMs: z.number().nullable(),
  timeoutMs: z.number().nullable(),
  startPeriodMs: z.number().nullable(),
  retries: z.number().int().nullable(),
});

export const RegistryInspectSchema = z.object({
  image: z.string(),
  tag: z.string(),
  digest: z.string(),
  platform: z.string().describe('the platform image read, e.g. linux/amd64'),
  created: z.string().nullable(),
  /** TCP ports from EXPOSE, ascending. */
  exposedPorts: z.array(z.number().int()),
  /** The image's HEALTHCHECK, null when it has none. */
  healthcheck: ImageHealthcheckSchema.nullable(),
  suggestedPort: Port.nullable().describe('the container port to pre-fill (the likeliest HTTP port of EXPOSE)'),
  suggestedHealth: HealthCheckSchema.nullable().describe("the project health check to pre-fill; null: keep Slipway's default"),
});
export type RegistryInspect = z.infer<typeof RegistryInspectSchema>;

/** Registry credentials (Settings → Registries) and registry look-ups for the new-project form. */
export const registryMethods = {
  'registries.list': method(Empty, z.object({ registries: z.array(RegistryEntrySchema) }), 'Saved registry credentials (never the passwords).'),
  'registries.save': method(
    z.object({ host: RegistryHostSchema, username: Username, password: Password }).strict(),
    RegistryEntrySchema,
    'Save credentials for a registry host, replacing any saved ones; the password is stored encrypted.',
  ),
  'registries.remove': method(z.object({ host: RegistryHostSchema }).strict(), Ok, 'Forget the saved credentials of a registry host.'),
  'registries.test': method(
    z
      .object({ host: RegistryHostSchema, username: Username.optional(), password: Password.optional() })
      .strict()
      .refine((v) => (v.username === undefined) === (v.password === undefined), 'give both username and password, or neither to test the saved ones'),
    RegistryTestResultSchema,
    'Check that a registry answers and accepts the given (or saved, or docker login) credentials.',
  ),
  'registry.tags': method(
    z
      .object({
        image: ImageName,
        limit: z.number().int().min(1).max(500).default(100).describe('at most this many tags, newest first'),
      })
      .strict(),
    RegistryTagsSchema,
    "Tags of an image repository, newest first, with digests for the newest ones (the new-project form's tag picker).",
  ),
  'registry.inspect': method(
    z.object({ image: ImageName, tag: z.string().trim().pipe(ImageTag) }).strict(),
    RegistryInspectSchema,
    "An image's digest, EXPOSE ports and HEALTHCHECK, with the port and health check to pre-fill a project with.",
  ),
} as const;
