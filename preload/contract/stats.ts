import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp } from './common';

/** One resource sample of a stage's live instance, pushed on the `stats` topic about once a second. */
export const StatsSampleSchema = z.object({
  subscriptionId: z.string(),
  instanceId: Id.nullable(),
  ts: Timestamp,
  /** Share of one CPU core, in percent (200 = two cores busy); null when not measurable yet. */
  cpuPercent: z.number().nonnegative().nullable(),
  memoryBytes: z.number().nonnegative().nullable(),
  memoryLimitBytes: z.number().nonnegative().nullable(),
  /** Set when there is nothing to measure (no live instance, instance stopped). */
  notice: z.string().nullable(),
});
export type StatsSample = z.infer<typeof StatsSampleSchema>;

export const statsMethods = {
  'stats.subscribe': method(
    z
      .object({
        stageId: Id,
        service: z.string().min(1).max(100).optional().describe("compose projects: any service of the stage's stack, tracked or companion (default: the primary tracked one, the live instance)"),
      })
      .strict(),
    z.object({ subscriptionId: z.string(), leaseMs: z.number().int().positive() }),
    "Follow CPU and memory of a stage's live instance, or of one service of a compose stack (across swaps); samples arrive as `stats` pushes.",
  ),
  'stats.renew': method(z.object({ subscriptionId: z.string() }).strict(), Ok, 'Keep a stats subscription alive.'),
  'stats.unsubscribe': method(z.object({ subscriptionId: z.string() }).strict(), Ok, 'Stop following stats.'),
} as const;
