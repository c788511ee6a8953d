import { hash } from 'node:crypto';
import { decodeBody } from './body';
import { detectByBody, detectByHeaders, headerDeliveryId, headerEventName } from './detect';
import { parseDistribution } from './distribution';
import { parseDockerHub } from './dockerhub';
import { parseGeneric, parseStandard } from './generic';
import { parseGitea } from './gitea';
import { parseGitHub } from './github';
import { parseGitLab } from './gitlab';
import { parseHarbor } from './harbor';
import type { Headers } from './headers';
import { normaliseHeaders } from './headers';
import type { VendorResult } from './outcome';
import { invalid } from './outcome';
import type { JsonObject } from './body';
import { parseQuay } from './quay';
import type { Outcome, Parsed, Vendor, WebhookRequest } from './types';

const MAX_ID_LENGTH = 200;

/** Vendors that sign the raw body with an HMAC; Forgejo shares Gitea's key family (it sends Gitea's headers too). */
const HMAC_FAMILY: Partial<Record<Vendor, string>> = { github: 'github', gitea: 'gitea', forgejo: 'gitea' };

/**
 * Understands one webhook request: who sent it, what it says, and how to recognise a repeat.
 * Pure and total: any input, however broken, yields a Parsed (malformed input is `invalid`).
 */
export function parseWebhook(req: WebhookRequest): Parsed {
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  try {
    return understand(normaliseHeaders(req.headers ?? {}), body);
  } catch (error) {
    // Only a bug gets here; the request is still answered and recorded.
    const detail = error instanceof Error ? error.message : 'unknown error';
    return finish('generic', '', { deliveryId: null, stable: false }, body, invalid(`the payload could not be read (${detail})`));
  }
}

function understand(headers: Headers, body: Buffer): Parsed {
  const byHeader = detectByHeaders(headers);
  const ids = headerDeliveryId(byHeader, headers);
  const decoded = decodeBody(headers, body);
  if (!decoded.ok) {
    return finish(byHeader ?? 'generic', headerEventName(byHeader, headers), ids, body, invalid(decoded.reason, decoded.status));
  }
  const vendor = byHeader ?? detectByBody(decoded.payload);
  const result = parseFor(vendor, headers, decoded.payload);
  const fromBody = result.deliveryId ? { deliveryId: result.deliveryId, stable: result.stable === true } : ids;
  return finish(vendor, result.event, fromBody, body, result.outcome);
}

function parseFor(vendor: Vendor, headers: Headers, payload: JsonObject): VendorResult {
  switch (vendor) {
    case 'gitea':
      return parseGitea(headers, payload, 'Gitea');
    case 'forgejo':
      return parseGitea(headers, payload, 'Forgejo');
    case 'github':
      return parseGitHub(headers, payload);
    case 'gitlab':
      return parseGitLab(headers, payload);
    case 'dockerhub':
      return parseDockerHub(payload);
    case 'distribution':
      return parseDistribution(payload);
    case 'harbor':
      return parseHarbor(payload);
    case 'quay':
      return parseQuay(payload);
    case 'standard':
      return parseStandard(payload);
    case 'generic':
      return parseGeneric(payload);
  }
}

function finish(
  vendor: Vendor,
  event: string,
  ids: { deliveryId: string | null; stable: boolean },
  body: Buffer,
  outcome: Outcome,
): Parsed {
  const id = ids.deliveryId;
  // HMAC senders sign the body, so a re-sent signed body is the same event whatever delivery id it carries
  // (GitHub keeps the id on redelivery, Gitea makes a new one): key on the body alone. The body is hashed
  // otherwise only for senders without a stable delivery id.
  const dedupeKey = HMAC_FAMILY[vendor]
    ? `${HMAC_FAMILY[vendor]}:body:${hash('sha256', body, 'hex')}`
    : ids.stable && id
      ? `${vendor}:id:${id.length <= MAX_ID_LENGTH ? id : hash('sha256', id, 'hex')}`
      : `${vendor}:sha256:${hash('sha256', body, 'hex')}`;
  return { vendor, event, deliveryId: id, dedupeKey, outcome };
}
