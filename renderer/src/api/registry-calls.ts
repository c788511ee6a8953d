import type { HealthCheck } from '../../../preload/contract/projects';
import { api } from '../state/client-ref';

/** What the new-project form pre-fills from an image. */
export interface ImageFacts {
  readonly exposedPorts: readonly number[];
  readonly hasHealthcheck: boolean;
  readonly created: string | null;
  readonly suggestedPort: number | null;
  readonly suggestedHealth: HealthCheck | null;
}

/** Tags newest first, for the tag picker. */
export async function imageTags(image: string): Promise<readonly string[]> {
  return (await api().call('registry.tags', { image, limit: 200 })).tags.map((t) => t.tag);
}

export async function imageFacts(image: string, tag: string): Promise<ImageFacts> {
  const r = await api().call('registry.inspect', { image, tag });
  return { exposedPorts: r.exposedPorts, hasHealthcheck: r.healthcheck !== null, created: r.created, suggestedPort: r.suggestedPort, suggestedHealth: r.suggestedHealth };
}
