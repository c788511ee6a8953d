import type { JsonObject } from './body';
import { looksLikeDistribution, isDistributionMediaType } from './distribution';
import { looksLikeDockerHub } from './dockerhub';
import { CLOUDEVENTS_MEDIA_TYPE, looksLikeHarbor } from './harbor';
import type { Headers } from './headers';
import { firstNonEmpty, mediaTypeOf } from './headers';
import { looksLikeQuay } from './quay';
import type { Vendor } from './types';

const anyOf = (headers: Headers, names: readonly string[]): boolean => names.some((n) => headers.has(n));

/**
 * The vendor named by the request's headers or content type, or null when only the body can tell.
 * Gitea and Forgejo come before GitHub because they also send X-GitHub-* copies; vendor headers come
 * before Standard Webhooks headers because GitLab adds those to its own (its body stays GitLab's).
 */
export function detectByHeaders(headers: Headers): Vendor | null {
  if (anyOf(headers, ['x-forgejo-delivery', 'x-forgejo-event', 'x-forgejo-event-type', 'x-forgejo-signature'])) return 'forgejo';
  if (anyOf(headers, ['x-gitea-delivery', 'x-gitea-event', 'x-gitea-event-type', 'x-gogs-delivery', 'x-gogs-event'])) return 'gitea';
  if (headers.has('x-gitlab-event')) return 'gitlab';
  if (anyOf(headers, ['x-github-event', 'x-github-delivery'])) return 'github';
  if (headers.has('webhook-id') && headers.has('webhook-signature')) return 'standard';
  const mediaType = mediaTypeOf(headers);
  if (isDistributionMediaType(mediaType)) return 'distribution';
  if (mediaType === CLOUDEVENTS_MEDIA_TYPE) return 'harbor';
  return null;
}

/** Body shapes of senders that set no identifying header. */
export function detectByBody(payload: JsonObject): Vendor {
  if (looksLikeDistribution(payload)) return 'distribution';
  if (looksLikeDockerHub(payload)) return 'dockerhub';
  if (looksLikeQuay(payload)) return 'quay';
  if (looksLikeHarbor(payload)) return 'harbor';
  return 'generic';
}

/** The delivery id a header-identified vendor sends, and whether it survives retries and replays. */
export function headerDeliveryId(vendor: Vendor | null, headers: Headers): { deliveryId: string | null; stable: boolean } {
  const pick = (stable: boolean, ...names: string[]) => {
    const id = firstNonEmpty(headers, ...names);
    return { deliveryId: id ?? null, stable: stable && id !== undefined };
  };
  switch (vendor) {
    case 'github':
      return pick(true, 'x-github-delivery');
    case 'gitlab':
      return pick(true, 'idempotency-key', 'webhook-id', 'x-gitlab-event-uuid');
    case 'standard':
      return pick(true, 'webhook-id');
    // A Gitea/Forgejo replay is a new task with a new UUID: not an idempotency key.
    case 'forgejo':
      return pick(false, 'x-forgejo-delivery', 'x-gitea-delivery');
    case 'gitea':
      return pick(false, 'x-gitea-delivery', 'x-gogs-delivery');
    default:
      return { deliveryId: null, stable: false };
  }
}

/** The event name from headers alone, for requests whose body cannot be read. */
export function headerEventName(vendor: Vendor | null, headers: Headers): string {
  switch (vendor) {
    case 'github':
      return firstNonEmpty(headers, 'x-github-event') ?? '';
    case 'gitlab':
      return firstNonEmpty(headers, 'x-gitlab-event') ?? '';
    case 'gitea':
    case 'forgejo':
      return (
        firstNonEmpty(headers, 'x-forgejo-event-type', 'x-gitea-event-type', 'x-gogs-event-type', 'x-forgejo-event', 'x-gitea-event', 'x-gogs-event') ?? ''
      );
    default:
      return '';
  }
}
