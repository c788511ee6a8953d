import { z } from 'zod';
import { method } from './define';
import { Empty, Id, Ok, Timestamp, ByDelivery, ById } from './common';
import { notableEventTypes } from './event-types';

export const NotableEventTypeSchema = z.enum(notableEventTypes);

/** A URL with a user name or password in it would be stored and listed as written: refused. */
const withoutCredentials = (u: string): boolean => {
  try {
    const parsed = new URL(u);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return true; // the url check above reports it
  }
};

const HookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .refine(withoutCredentials, {
    error: 'must not carry a user name or password (http://user:pw@…): Slipway lists hook URLs as stored. The receiver can check the Standard Webhooks signature instead, or take a token in the path.',
  })
  .describe('where deliveries are POSTed; no user:password@ part');

const HookEvents = z
  .array(NotableEventTypeSchema)
  .min(1)
  .nullable()
  .describe('event types to deliver; null = every notable event, including types added later');

export const HookSchema = z.object({
  id: Id,
  url: z.string(),
  events: HookEvents,
  enabled: z.boolean(),
  /** Why Slipway turned the hook off (null when enabled or turned off by the user). */
  disabledReason: z.string().nullable(),
  /** The last characters of the secret, to tell secrets apart; the secret itself is shown once. */
  secretHint: z.string(),
  basicAuth: z
    .boolean()
    .optional()
    .describe('deliveries carry an Authorization: Basic header: credentials an earlier version kept in the URL, moved out and sealed (never shown); a URL on another origin drops them'),
  createdAt: Timestamp,
  /** First failed attempt since the last success; null while healthy. */
  failingSince: Timestamp.nullable(),
  pendingDeliveries: z.number().int().nonnegative(),
});
export type Hook = z.infer<typeof HookSchema>;

export const HookWithSecretSchema = HookSchema.extend({
  secret: z.string().describe('whsec_… signing secret; shown only in this answer'),
});

export const DeliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']);

export const DeliveryAttemptSchema = z.object({
  id: Id,
  startedAt: Timestamp,
  durationMs: z.number().int().nonnegative(),
  /** HTTP status, null when no response arrived (refused, timed out). */
  status: z.number().int().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  responseSnippet: z.string().nullable().describe('first 1 KiB of the response body'),
  manual: z.boolean().describe('made by hooks.redeliver'),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

export const HookDeliverySchema = z.object({
  id: Id,
  hookId: Id,
  /** The `webhook-id` header: the same for every attempt of this delivery (receivers dedupe on it). */
  messageId: z.string(),
  eventId: Id.nullable(),
  eventType: z.string(),
  status: DeliveryStatusSchema,
  createdAt: Timestamp,
  nextAttemptAt: Timestamp.nullable(),
  attempts: z.array(DeliveryAttemptSchema),
});
export type HookDelivery = z.infer<typeof HookDeliverySchema>;

/** Which of a target's deliveries to list, newest first: by status, older than `beforeId`. */
export const deliveryPage = {
  status: DeliveryStatusSchema.optional(),
  beforeId: Id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
};
export const DeliveryListSchema = z.object({ deliveries: z.array(HookDeliverySchema) });

export const hooksMethods = {
  'hooks.create': method(
    z.object({ url: HookUrl, events: HookEvents.optional() }).strict(),
    HookWithSecretSchema,
    'Subscribe a URL to signed event deliveries; the answer holds the secret, shown this once.',
  ),
  'hooks.list': method(Empty, z.object({ hooks: z.array(HookSchema) }), 'Outbound hooks (without secrets).'),
  'hooks.update': method(
    z
      .object({
        id: Id,
        url: HookUrl.optional(),
        events: HookEvents.optional(),
        enabled: z.boolean().optional(),
        rotateSecret: z.literal(true).optional().describe('make a new secret; the answer holds it, shown this once'),
      })
      .strict(),
    HookSchema.extend({ secret: z.string().optional() }),
    'Change a hook; re-enabling resumes its pending deliveries; rotateSecret answers with the new secret once.',
  ),
  'hooks.remove': method(ById, Ok, 'Delete a hook and its delivery log.'),
  'hooks.deliveries': method(
    z.object({ hookId: Id, ...deliveryPage }).strict(),
    DeliveryListSchema,
    'A hook\'s deliveries, newest first, each with its attempts.',
  ),
  'hooks.redeliver': method(ByDelivery, HookDeliverySchema, 'Send a delivery again now (same webhook-id); the attempt is added to its log.'),
} as const;
