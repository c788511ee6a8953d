import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp } from './common';

/** One task of a Swarm stage's service: its own CPU and memory. */
export const TaskStatsSchema = z.object({
  taskId: z.string(),
  /** The replica's slot (1, 2, …); a new task of a start-first update shares its old task's slot. */
  slot: z.number().int().nullable(),
  /** The swarm node it runs on. */
  nodeId: z.string().nullable(),
  cpuPercent: z.number().nonnegative().nullable(),
  memoryBytes: z.number().nonnegative().nullable(),
  memoryLimitBytes: z.number().nonnegative().nullable(),
  /** Why this task is not measured (it runs on a node whose engine Slipway does not talk to). */
  notice: z.string().nullable(),
});
export type TaskStats = z.infer<typeof TaskStatsSchema>;

/**
 * One resource sample of a stage's live instance, pushed on the `stats` topic about once a second.
 * For a Swarm stage the figures are the sum over its running tasks, and `tasks` has each task's own.
 */
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
  /** Swarm stages only: each running task of the service, by slot. */
  tasks: z.array(TaskStatsSchema).optional(),
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
    "Follow CPU and memory of a stage's live instance, or of one service of a compose stack (across swaps); samples arrive as `stats` pushes. A Swarm stage's samples sum its running tasks and list each (`tasks`).",
  ),
  'stats.renew': method(z.object({ subscriptionId: z.string() }).strict(), Ok, 'Keep a stats subscription alive.'),
  'stats.unsubscribe': method(z.object({ subscriptionId: z.string() }).strict(), Ok, 'Stop following stats.'),
} as const;
