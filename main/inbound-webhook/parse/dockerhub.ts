import { z } from 'zod';
import type { JsonObject } from './body';
import { tagEvent } from './image-name';
import type { VendorResult } from './outcome';
import { ignored, invalid, schemaReason } from './outcome';

const schema = z.object({
  push_data: z.object({
    tag: z.string().nullish(),
    pusher: z.string().nullish(),
    media_type: z.string().nullish(),
  }),
  repository: z.object({ repo_name: z.string().min(1) }),
});

// Config media types of container images; Hub also hosts Helm charts and other OCI artifacts.
const IMAGE_CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);

export const looksLikeDockerHub = (payload: JsonObject): boolean =>
  typeof payload.push_data === 'object' && payload.push_data !== null && typeof payload.repository === 'object';

export function parseDockerHub(payload: JsonObject): VendorResult {
  const event = 'push';
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { event, outcome: invalid(schemaReason('Docker Hub', parsed.error)) };
  const { push_data: push, repository } = parsed.data;
  const mediaType = push.media_type?.toLowerCase();
  if (mediaType && !IMAGE_CONFIG_TYPES.has(mediaType)) {
    return { event, outcome: ignored(`${repository.repo_name}: artifact of type ${mediaType} is not a container image`) };
  }
  if (!push.tag) return { event, outcome: ignored(`${repository.repo_name}: push without a tag`) };
  // The digest is not in the payload; it is resolved from the registry afterwards.
  const result = tagEvent(`docker.io/${repository.repo_name}`, push.tag);
  return { event, outcome: result.ok ? { kind: 'events', events: [result.event] } : invalid(`Docker Hub: ${result.reason}`) };
}
