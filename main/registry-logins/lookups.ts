import type { RegistryInspect, RegistryTags } from '../../preload/contract/registries';
import type { RegistryClient } from '../oci-client/client';
import { DOCKER_HUB, parseImageRef } from '../oci-client/image-ref';
import type { TagTime } from '../oci-client/tag-metadata';
import { pickerTags, suggestHealth, suggestPort } from './suggest';

/** How many of the newest tags get a manifest HEAD for their digest, and how long those may take together. */
const DIGEST_HEADS = 20;
const DIGEST_BUDGET_MS = 4000;
/** Tag list pages followed at most (a registry answering in a loop, or a repository with vast numbers of tags). */
const MAX_TAG_PAGES = 100;

type Client = Pick<RegistryClient, 'listTags' | 'headManifest' | 'getImageConfig' | 'hubTagTimes'>;

/** Tags for the new-project tag picker: newest first, digests for the newest few (best effort, bounded in time). */
export async function registryTags(client: Client, image: string, limit: number): Promise<RegistryTags> {
  const ref = parseImageRef(image, 'repository');
  const repo = { ...ref, tag: null, digest: null };
  const [all, known] = await Promise.all([
    client.listTags(repo, { maxPages: MAX_TAG_PAGES }),
    // Docker Hub knows push times and digests: one request instead of a HEAD per tag. Optional extra.
    ref.registry === DOCKER_HUB ? client.hubTagTimes(repo, { maxPages: 1 }).catch((): TagTime[] => []) : Promise.resolve<TagTime[]>([]),
  ]);
  const picked = pickerTags(all, known, limit);
  const signal = AbortSignal.timeout(DIGEST_BUDGET_MS);
  const tags = await Promise.all(
    picked.tags.map(async (t, i) => {
      if (t.digest !== null || i >= DIGEST_HEADS) return t;
      try {
        return { ...t, digest: (await client.headManifest(repo, t.tag, { signal })).digest };
      } catch {
        return t; // a digest is a nicety here; the deploy resolves it again
      }
    }),
  );
  return { image: ref.name, tags, total: picked.total, truncated: picked.truncated };
}

/** What the new-project form pre-fills from an image: its port and health check. */
export async function registryInspect(client: Client, image: string, tag: string): Promise<RegistryInspect> {
  const ref = parseImageRef(image, 'repository');
  const c = await client.getImageConfig({ ...ref, tag: null, digest: null }, tag);
  const suggestedPort = suggestPort(c.exposedPorts);
  return {
    image: ref.name,
    tag,
    digest: c.digest,
    platform: c.platform,
    created: c.created,
    exposedPorts: [...c.exposedPorts],
    healthcheck: c.healthcheck ? { ...c.healthcheck, test: [...c.healthcheck.test] } : null,
    suggestedPort,
    suggestedHealth: suggestHealth(c.healthcheck, suggestedPort),
  };
}
