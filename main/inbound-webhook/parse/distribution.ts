import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JsonObject } from './body';
import { tagEvent } from './image-name';
import type { VendorResult } from './outcome';
import { fromParts, invalid, schemaReason } from './outcome';
import type { WebhookEvent } from './types';

export const DISTRIBUTION_MEDIA_TYPES: readonly string[] = [
  'application/vnd.docker.distribution.events.v1+json',
  'application/vnd.docker.distribution.events.v2+json',
];

/** Manifests and indexes; anything else pushed (layers, configs: application/octet-stream) is a blob. */
export const MANIFEST_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.docker.distribution.manifest.v1+json',
]);

const eventSchema = z.object({
  id: z.string().nullish(),
  action: z.string(),
  target: z.object({
    mediaType: z.string().nullish(),
    digest: z.string().nullish(),
    repository: z.string().nullish(),
    url: z.string().nullish(),
    tag: z.string().nullish(),
  }),
  request: z.object({ host: z.string().nullish() }).nullish(),
});

const envelopeSchema = z.object({ events: z.array(eventSchema) });

type DistributionEvent = z.infer<typeof eventSchema>;

export const isDistributionMediaType = (mediaType: string): boolean => DISTRIBUTION_MEDIA_TYPES.includes(mediaType);

export const looksLikeDistribution = (payload: JsonObject): boolean =>
  Array.isArray(payload.events) &&
  payload.events.some((e: unknown) => typeof e === 'object' && e !== null && 'action' in e && 'target' in e);

/** A registry envelope: every tagged manifest push in it, deduplicated; the rest named in `ignoredParts`. */
export function parseDistribution(payload: JsonObject): VendorResult {
  const parsed = envelopeSchema.safeParse(payload);
  if (!parsed.success) return { event: 'events', outcome: invalid(schemaReason('registry notification', parsed.error)) };
  const all = parsed.data.events;
  const event = [...new Set(all.map((e) => e.action))].join(',') || 'events';
  const ids = [...new Set(all.map((e) => e.id).filter((id): id is string => !!id))];
  const found: WebhookEvent[] = [];
  const skipped: string[] = [];
  const seenIds = new Set<string>();
  for (const e of all) {
    if (e.id) {
      // The same event can be queued twice in one envelope after a registry-side retry.
      if (seenIds.has(e.id)) continue;
      seenIds.add(e.id);
    }
    const result = readEvent(e);
    if (typeof result === 'string') skipped.push(result);
    else found.push(result);
  }
  return {
    event,
    outcome: fromParts(found, skipped, 'the envelope holds no events'),
    ...deliveryId(ids, all.every((e) => !!e.id)),
  };
}

function readEvent(e: DistributionEvent): WebhookEvent | string {
  const t = e.target;
  const repo = t.repository ?? '?';
  if (e.action !== 'push') return `${e.action} of ${repo}`;
  const mediaType = t.mediaType ?? '';
  if (!MANIFEST_MEDIA_TYPES.has(mediaType)) return `blob push to ${repo} (${mediaType || 'no media type'})`;
  if (!t.tag) return `untagged manifest push to ${repo} (by digest)`;
  if (!t.repository) return 'manifest push without target.repository';
  const host = e.request?.host || hostOf(t.url);
  if (!host) return `manifest push to ${repo}:${t.tag} names no registry host (request.host or target.url)`;
  const result = tagEvent(`${host}/${t.repository}`, t.tag, t.digest, mediaType);
  return result.ok ? result.event : `manifest push to ${repo}:${t.tag}: ${result.reason}`;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/** One event: its own id. Several: a hash of their ids, as stable across retries as the ids are. */
function deliveryId(ids: readonly string[], everyEventHasOne: boolean): { deliveryId?: string; stable?: boolean } {
  if (ids.length === 0 || !everyEventHasOne) return {};
  if (ids.length === 1) return { deliveryId: ids[0] ?? '', stable: true };
  const hash = createHash('sha256').update([...ids].sort().join('\n')).digest('hex');
  return { deliveryId: `events-${hash}`, stable: true };
}
