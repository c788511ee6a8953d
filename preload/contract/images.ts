import { z } from 'zod';
import { method } from './define';
import { Empty, Id, Timestamp, ByStage } from './common';

/** Image clean-up: what it freed last time and in total. */
export const ImageCleanupSchema = z.object({
  lastRunAt: Timestamp.nullable(),
  lastRemoved: z.array(z.string()).describe('image references the last clean-up removed'),
  lastReclaimedBytes: z.number().int().nonnegative(),
  totalReclaimedBytes: z.number().int().nonnegative(),
  totalRemoved: z.number().int().nonnegative().describe('images removed so far'),
  pulledOnDisk: z.number().int().nonnegative().describe('images Slipway pulled that are still on the engine'),
  running: z.boolean().describe('a clean-up is under way'),
});
export type ImageCleanup = z.infer<typeof ImageCleanupSchema>;

/** An instance a stage still has (live, warm or stopped and kept): what "Roll back to this" can go back to. */
export const KeptInstanceSchema = z.object({
  instanceId: Id,
  tag: z.string(),
  digest: z.string(),
  status: z.enum(['live', 'draining', 'stopped']).describe('draining: switched away from, still running while `warmUntil` lies ahead'),
  sizeBytes: z.number().int().nonnegative().nullable().describe("the image's size on the engine; null when the engine does not have it or does not answer"),
  createdAt: Timestamp,
  liveAt: Timestamp.nullable().describe('when the stable URL first pointed at it'),
  retiredAt: Timestamp.nullable().describe('when the stable URL switched away from it'),
  warmUntil: Timestamp.nullable(),
});
export type KeptInstance = z.infer<typeof KeptInstanceSchema>;

export const imageMethods = {
  'stages.instances': method(ByStage, z.object({ instances: z.array(KeptInstanceSchema) }), "A stage's kept instances, newest first, with tag, digest, image size and times; `stages.rollback { instanceId }` goes back to any of them."),
  'images.cleanupStatus': method(Empty, ImageCleanupSchema, 'What image clean-up freed last time and in total.'),
  'images.cleanup': method(
    Empty,
    ImageCleanupSchema,
    'Clean up now: removes images Slipway pulled that no instance of any project uses (live, warm or kept) and no container runs. Runs after each deploy and daily too.',
  ),
} as const;
