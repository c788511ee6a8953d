import { z } from 'zod';

/** Registry answers, validated before use. Loose objects: registries add fields freely. */

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** What a HEAD or GET of a manifest accepts: indexes first so a multi-arch tag answers its index digest. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

export const TagListSchema = z
  .object({
    name: z.string().optional(),
    // Some registries answer `null` for a repository without tags.
    tags: z.array(z.string()).nullable().optional(),
  })
  .loose();

export const TokenResponseSchema = z
  .object({
    token: z.string().min(1).optional(),
    access_token: z.string().min(1).optional(),
    expires_in: z.number().positive().optional(),
    issued_at: z.string().optional(),
    refresh_token: z.string().optional(),
  })
  .loose()
  .refine((t) => t.token !== undefined || t.access_token !== undefined, { message: 'neither token nor access_token' });

const DigestSchema = z.string().regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'not a digest');

export const PlatformSchema = z
  .object({
    architecture: z.string(),
    os: z.string(),
    variant: z.string().optional(),
    'os.version': z.string().optional(),
  })
  .loose();
export type Platform = z.infer<typeof PlatformSchema>;

export const DescriptorSchema = z
  .object({
    mediaType: z.string().optional(),
    digest: DigestSchema,
    size: z.number().int().nonnegative(),
    platform: PlatformSchema.optional(),
  })
  .loose();

export const IndexSchema = z
  .object({
    schemaVersion: z.literal(2),
    mediaType: z.string().optional(),
    manifests: z.array(DescriptorSchema),
  })
  .loose();
export type ImageIndex = z.infer<typeof IndexSchema>;

export const ImageManifestSchema = z
  .object({
    schemaVersion: z.literal(2),
    mediaType: z.string().optional(),
    config: DescriptorSchema,
    layers: z.array(DescriptorSchema),
  })
  .loose();
export type ImageManifest = z.infer<typeof ImageManifestSchema>;

/** Go durations in the config are nanoseconds. */
const Nanos = z.number().nonnegative().optional();

export const ImageConfigBlobSchema = z
  .object({
    created: z.string().optional(),
    architecture: z.string().optional(),
    os: z.string().optional(),
    config: z
      .object({
        ExposedPorts: z.record(z.string(), z.unknown()).nullable().optional(),
        Healthcheck: z
          .object({
            Test: z.array(z.string()).nullable().optional(),
            Interval: Nanos,
            Timeout: Nanos,
            StartPeriod: Nanos,
            StartInterval: Nanos,
            Retries: z.number().int().nonnegative().optional(),
          })
          .loose()
          .nullable()
          .optional(),
        Labels: z.record(z.string(), z.string()).nullable().optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();
export type ImageConfigBlob = z.infer<typeof ImageConfigBlobSchema>;
