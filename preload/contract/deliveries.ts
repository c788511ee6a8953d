import { z } from 'zod';
import { method } from './define';
import { Empty, Id, Timestamp, ById } from './common';

/**
 * What became of an inbound webhook request. `accepted`: understood and acted on (202);
 * `ignored`: valid but nothing to do (200); `duplicate`: the same delivery arrived before (200);
 * `own`: sent by a Slipway hook, recorded and never acted on (200); `invalid` (400/415),
 * `unauthorized` (401), `too-large` (413); `error`: Slipway failed (500).
 */
export const DeliveryVerdictSchema = z.enum(['accepted', 'ignored', 'duplicate', 'own', 'invalid', 'unauthorized', 'too-large', 'error']);
export type DeliveryVerdict = z.infer<typeof DeliveryVerdictSchema>;

/** `deploy` queued a deploy (maybe after the minimum image age), `update-available` only told the user. */
export const MatchActionSchema = z.enum(['deploy', 'update-available', 'duplicate']);
export type MatchAction = z.infer<typeof MatchActionSchema>;

export const DeliveryMatchSchema = z.object({
  project: z.string(),
  stage: z.string(),
  action: MatchActionSchema,
  projectId: Id,
  stageId: Id,
  deployId: Id.nullable().describe('the deploy queued for this match, once queued'),
  notBefore: Timestamp.nullable().describe('with a minimum image age or outside the stage’s update window: when the deploy will be queued'),
});
export type DeliveryMatch = z.infer<typeof DeliveryMatchSchema>;

export const DeliveryImageEventSchema = z.object({
  kind: z.literal('image'),
  repository: z.string().describe('canonical repository, e.g. localhost:5000/acme/web'),
  tag: z.string(),
  digest: z.string().nullable(),
  matches: z.array(DeliveryMatchSchema),
  /** Set when this event created a project (auto-create); `note` says what could not be read from the image. */
  created: z.object({ projectId: Id, project: z.string(), note: z.string().nullable() }).nullable(),
  /** Why nothing matched or was created, when `matches` is empty. */
  note: z.string().nullable(),
});

export const DeliveryGitEventSchema = z.object({
  kind: z.literal('git'),
  repo: z.string(),
  ref: z.string(),
  commit: z.string(),
});

export const DeliveryEventSchema = z.discriminatedUnion('kind', [DeliveryImageEventSchema, DeliveryGitEventSchema]);
export type DeliveryEvent = z.infer<typeof DeliveryEventSchema>;

export const SignatureStateSchema = z.enum(['valid', 'not-configured', 'missing', 'invalid', 'replayed']);
export type SignatureState = z.infer<typeof SignatureStateSchema>;

export const DeliverySummarySchema = z.object({
  id: Id,
  receivedAt: Timestamp,
  source: z.string().describe('the sender address'),
  vendor: z.string(),
  event: z.string(),
  deliveryId: z.string().nullable().describe("the sender's own delivery id"),
  verdict: DeliveryVerdictSchema,
  status: z.number().int().describe('the HTTP status answered'),
  reason: z.string().nullable().describe('why it was ignored, refused or failed'),
  signature: SignatureStateSchema.nullable(),
  events: z.array(DeliveryEventSchema),
  replayOf: Id.nullable(),
  duplicateOf: Id.nullable(),
  bodyBytes: z.number().int().nonnegative(),
});
export type DeliverySummary = z.infer<typeof DeliverySummarySchema>;

export const DeliverySchema = DeliverySummarySchema.extend({
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).nullable().describe('as received, secrets masked; null once pruned'),
  body: z.string().nullable().describe('the body as received (utf8, or base64 when not text); null once pruned'),
  bodyEncoding: z.enum(['utf8', 'base64']),
  response: z.unknown().describe('the JSON Slipway answered'),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const SecretKindSchema = z.enum(['github', 'gitea', 'gitlab', 'standard', 'registry', 'harbor', 'generic']);
export type SecretKindName = z.infer<typeof SecretKindSchema>;

export const VendorSecretStateSchema = z.object({
  kind: SecretKindSchema,
  configured: z.boolean(),
  hint: z.string().nullable().describe('the last characters, to tell secrets apart'),
  checks: z
    .string()
    .describe('what the secret is checked against, e.g. "X-Hub-Signature-256 (HMAC-SHA256 of the body)"'),
});

export const deliveryMethods = {
  'deliveries.list': method(
    z
      .object({
        verdict: DeliveryVerdictSchema.optional(),
        vendor: z.string().max(40).optional(),
        beforeId: Id.optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ deliveries: z.array(DeliverySummarySchema) }),
    'Recent inbound webhook requests, newest first, with what each one matched or why it was refused.',
  ),
  'deliveries.get': method(ById, DeliverySchema, 'One inbound request with its headers (secrets masked), body and answer.'),
  'deliveries.replay': method(ById, DeliverySummarySchema, 'Run a recorded request through matching again (as a new delivery). Requests that failed their signature check cannot be replayed.'),
  'webhook.secrets': method(Empty, z.object({ secrets: z.array(VendorSecretStateSchema) }), 'Which vendor signing secrets are set (never the secrets).'),
  'webhook.setSecret': method(
    z
      .object({
        kind: SecretKindSchema,
        secret: z.string().min(1).max(1000).nullable().describe('null removes it: unsigned requests are then accepted only while no secret is set at all, or for senders in the acceptUnsigned setting'),
      })
      .strict(),
    z.object({ secrets: z.array(VendorSecretStateSchema) }),
    'Set or remove the secret a vendor signs with; once any is set, requests without a valid signature from a configured secret are refused (401) unless their sender is in the acceptUnsigned setting.',
  ),
} as const;
