import type { z } from 'zod';
import type { Outcome, WebhookEvent } from './types';

export const ignored = (reason: string): Outcome => ({ kind: 'ignored', reason });
export const invalid = (reason: string, status: 400 | 415 = 400): Outcome => ({ kind: 'invalid', status, reason });

/** What a vendor parser found: its event name and the outcome, plus body-borne delivery ids. */
export interface VendorResult {
  readonly event: string;
  readonly outcome: Outcome;
  /** A delivery id read from the body (registry event ids, CloudEvents id). */
  readonly deliveryId?: string;
  /** True when `deliveryId` survives the sender's retries. */
  readonly stable?: boolean;
}

const eventKey = (e: WebhookEvent): string =>
  e.kind === 'image'
    ? `i\0${e.registry}\0${e.repository}\0${e.tag}\0${e.digest ?? ''}`
    : `g\0${e.repo}\0${e.ref}\0${e.commit}`;

/** Drops repeats of the same (repository, tag, digest) or (repo, ref, commit), keeping the first. */
export function dedupeEvents(events: readonly WebhookEvent[]): WebhookEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = eventKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Events when there are any (noting what was skipped), otherwise `ignored` with every reason. */
export function fromParts(events: readonly WebhookEvent[], skipped: readonly string[], nothing: string): Outcome {
  const unique = dedupeEvents(events);
  const reasons = summarise(skipped);
  if (unique.length === 0) return ignored(reasons.length > 0 ? reasons.join('; ') : nothing);
  return reasons.length > 0 ? { kind: 'events', events: unique, ignoredParts: reasons } : { kind: 'events', events: unique };
}

/** Collapses repeated reasons into "reason (×3)" so an envelope of 40 blob pushes stays readable. */
export function summarise(reasons: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => (n > 1 ? `${r} (×${String(n)})` : r));
}

/** A short, specific account of why a body does not fit a vendor's shape. */
export function schemaReason(what: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.') || '(body)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${String(error.issues.length - 3)} more)` : '';
  return `not a valid ${what} payload: ${parts.join('; ')}${more}`;
}
