import { z } from 'zod';
import { method } from './define';
import { Empty, Timestamp } from './common';

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

export const imageMethods = {
  'images.cleanupStatus': method(Empty, ImageCleanupSchema, 'What image clean-up freed last time and in total.'),
  'images.cleanup': method(
    Empty,
    ImageCleanupSchema,
    'Clean up now: removes images Slipway pulled that no instance of any project uses (live, warm or kept) and no container runs. Runs after each deploy and daily too.',
  ),
} as const;
