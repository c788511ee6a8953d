import { z } from 'zod';
import type { JsonObject } from './body';
import { readImageName, withTag } from './image-name';
import type { VendorResult } from './outcome';
import { fromParts, invalid, schemaReason } from './outcome';
import type { WebhookEvent } from './types';

const schema = z.object({
  docker_url: z.string().min(1),
  // 2013-era payloads used an object keyed by tag.
  updated_tags: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]),
});

export const looksLikeQuay = (payload: JsonObject): boolean => 'docker_url' in payload && 'updated_tags' in payload;

export function parseQuay(payload: JsonObject): VendorResult {
  const event = 'repo_push';
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { event, outcome: invalid(schemaReason('Quay', parsed.error)) };
  const { docker_url: url, updated_tags: updated } = parsed.data;
  const name = readImageName(url);
  if (!name.ok) return { event, outcome: invalid(`Quay docker_url: ${name.reason}`) };
  if (name.name.tag !== null || name.name.digest !== null) {
    return { event, outcome: invalid(`Quay docker_url "${url}" should not carry a tag or digest`) };
  }
  const tags = Array.isArray(updated) ? updated : Object.keys(updated);
  const events: WebhookEvent[] = [];
  const skipped: string[] = [];
  for (const tag of tags) {
    const result = withTag(name.name, tag);
    if (result.ok) events.push(result.event);
    else skipped.push(result.reason);
  }
  return { event, outcome: fromParts(events, skipped, `${url}: push without updated tags`) };
}
