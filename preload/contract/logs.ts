import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp } from './common';

/** Whose output to follow: a stage (follows its live instance across blue-green swaps, or one service of a compose stack) or one instance. */
export const LogSourceSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('stage'),
      stageId: Id,
      service: z.string().min(1).max(100).optional().describe('compose projects: any service of the stage\'s stack, tracked or companion (default: the primary tracked one, the live instance)'),
    })
    .strict(),
  z.object({ kind: z.literal('instance'), instanceId: Id }).strict(),
]);
export type LogSource = z.infer<typeof LogSourceSchema>;

/** 0 = stdout, 1 = stderr. */
export const LogStreamCodeSchema = z.union([z.literal(0), z.literal(1)]);

/** One line as pushed: [time the engine stamped it, stream, text without the newline]. Tuples keep big batches small. */
export const LogLineTupleSchema = z.tuple([Timestamp, LogStreamCodeSchema, z.string()]);
export type LogLineTuple = z.infer<typeof LogLineTupleSchema>;

/** A batch of lines for one subscription, pushed on the `logs` topic. */
export const LogBatchSchema = z.object({
  subscriptionId: z.string(),
  /** The instance these lines came from (changes when a stage swaps). */
  instanceId: Id.nullable(),
  lines: z.array(LogLineTupleSchema),
  /** Lines Slipway had to drop since the previous batch because the window could not keep up. */
  dropped: z.number().int().nonnegative(),
  /** A notice for the reader, e.g. "now following instance 12 (1.4.0)" or "the instance stopped". */
  notice: z.string().nullable(),
});
export type LogBatch = z.infer<typeof LogBatchSchema>;

export const LogSubscriptionSchema = z.object({
  subscriptionId: z.string(),
  /** Renew (logs.renew) well within this, or the subscription ends: a closed window stops costing. */
  leaseMs: z.number().int().positive(),
});

/** Raw route: GET with `stageId` or `instanceId` (and optional `since`, ms) → the whole log as text/plain. */
export const logRawPaths = { download: '/api/raw/logs' } as const;

export const logMethods = {
  'logs.subscribe': method(
    z
      .object({
        source: LogSourceSchema,
        tail: z.number().int().min(0).max(1_000_000).default(1000).describe('lines of history to send first'),
        since: Timestamp.optional().describe('only lines from this time on'),
      })
      .strict(),
    LogSubscriptionSchema,
    'Follow container output live; lines arrive as `logs` pushes (history first).',
  ),
  'logs.renew': method(z.object({ subscriptionId: z.string() }).strict(), Ok, 'Keep a log subscription alive.'),
  'logs.unsubscribe': method(z.object({ subscriptionId: z.string() }).strict(), Ok, 'Stop following.'),
} as const;
