import { z } from 'zod';
import type { JsonObject } from './body';
import { isDigestLike, readImageName, withTag } from './image-name';
import type { VendorResult } from './outcome';
import { fromParts, ignored, invalid, schemaReason } from './outcome';
import type { WebhookEvent } from './types';

export const CLOUDEVENTS_MEDIA_TYPE = 'application/cloudevents+json';

const dataSchema = z.object({
  resources: z.array(
    z.object({
      digest: z.string().nullish(),
      tag: z.string().nullish(),
      resource_url: z.string().min(1),
    }),
  ),
  repository: z.object({ repo_full_name: z.string().nullish() }).nullish(),
});

const defaultSchema = z.object({ event_data: dataSchema }).transform((p) => p.event_data);
const cloudEventSchema = z.object({ data: dataSchema }).transform((p) => p.data);
const envelopeType = z.object({ type: z.string(), id: z.string().nullish() });

const PUSH_TYPES = new Set(['PUSH_ARTIFACT', 'harbor.artifact.pushed']);

export const looksLikeHarbor = (payload: JsonObject): boolean =>
  typeof payload.type === 'string' &&
  ((typeof payload.event_data === 'object' && payload.event_data !== null) ||
    (typeof payload.specversion === 'string' && payload.type.startsWith('harbor.')));

/** Harbor's Default format (`event_data`) or its CloudEvents format (`data`, with an id). */
export function parseHarbor(payload: JsonObject): VendorResult {
  const head = envelopeType.safeParse(payload);
  if (!head.success) return { event: '', outcome: invalid(schemaReason('Harbor', head.error)) };
  const event = head.data.type;
  const cloud = typeof payload.specversion === 'string';
  const ids = cloud && head.data.id ? { deliveryId: head.data.id, stable: true } : {};
  if (!PUSH_TYPES.has(event)) {
    return { event, outcome: ignored(`Harbor "${event}" events are not used; select Artifact pushed only`), ...ids };
  }
  const parsed = cloud ? cloudEventSchema.safeParse(payload) : defaultSchema.safeParse(payload);
  if (!parsed.success) return { event, outcome: invalid(schemaReason(`Harbor ${event}`, parsed.error)), ...ids };
  const data = parsed.data;

  const events: WebhookEvent[] = [];
  const skipped: string[] = [];
  for (const r of data.resources) {
    const name = readImageName(r.resource_url);
    if (!name.ok) return { event, outcome: invalid(`Harbor resource_url: ${name.reason}`), ...ids };
    const label = `${name.name.registry}/${name.name.repository}`;
    const tag = r.tag ?? name.name.tag ?? '';
    // By-digest access reports the digest in the tag field.
    if (tag === '' || isDigestLike(tag)) {
      skipped.push(`untagged artifact ${label}@${r.digest ?? tag}`);
      continue;
    }
    const result = withTag(name.name, tag, r.digest ?? name.name.digest);
    if (!result.ok) return { event, outcome: invalid(`Harbor resource ${label}: ${result.reason}`), ...ids };
    events.push(result.event);
  }
  return { event, outcome: fromParts(events, skipped, 'the event lists no resources'), ...ids };
}
