import { z } from 'zod';
import { method } from './define';
import { Empty, Id, Timestamp } from './common';
import { MatchActionSchema } from './deliveries';

export const PollFindingSchema = z.object({
  tag: z.string(),
  digest: z.string().nullable(),
  why: z.enum(['new', 'moved']).describe('a tag not seen before, or a followed tag whose digest changed'),
  action: MatchActionSchema,
  deployId: Id.nullable(),
  notBefore: Timestamp.nullable().describe('with a minimum image age or outside the stage’s update window: when the deploy will be queued'),
});
export type PollFinding = z.infer<typeof PollFindingSchema>;

export const PollStageResultSchema = z.object({
  stageId: Id,
  projectId: Id,
  project: z.string(),
  stage: z.string(),
  repository: z.string(),
  baseline: z.boolean().describe('first poll of this stage: existing tags were recorded, nothing deployed'),
  found: z.array(PollFindingSchema),
  error: z.string().nullable(),
});
export type PollStageResult = z.infer<typeof PollStageResultSchema>;

export const PollResultSchema = z.object({
  startedAt: Timestamp,
  durationMs: z.number().int().nonnegative(),
  repositories: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative().describe('registry HTTP requests made by this cycle'),
  stages: z.array(PollStageResultSchema),
});
export type PollResult = z.infer<typeof PollResultSchema>;

export const StagePollStateSchema = z.object({
  stageId: Id,
  pollEnabled: z.boolean(),
  schedule: z.string().nullable().describe('this stage’s own cron expression; null follows Settings → poll schedule'),
  effectiveSchedule: z.string(),
  baselineAt: Timestamp.nullable(),
  lastPollAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  nextRunAt: Timestamp.nullable().describe('when the schedule next fires (polling may be paused or off)'),
});
export type StagePollState = z.infer<typeof StagePollStateSchema>;

export const PollerStatusSchema = z.object({
  paused: z.boolean(),
  schedule: z.string(),
  running: z.boolean(),
  nextCycleAt: Timestamp.nullable().describe('when the global schedule next fires'),
  lastCycle: PollResultSchema.omit({ stages: true }).extend({ errors: z.number().int().nonnegative(), found: z.number().int().nonnegative() }).nullable(),
  stages: z.array(StagePollStateSchema),
});
export type PollerStatus = z.infer<typeof PollerStatusSchema>;

export const pollerMethods = {
  'poller.pollNow': method(
    z.object({ stageId: Id.optional().describe('one stage; absent: every stage with polling on') }).strict(),
    PollResultSchema,
    'Check the registry now ("Check now") and answer with what was found and done. Works while polling is paused.',
  ),
  'poller.status': method(Empty, PollerStatusSchema, 'Polling schedule, pause state, the last cycle and each stage’s poll state.'),
  'poller.previewSchedule': method(
    z.object({ schedule: z.string().min(1).max(100) }).strict(),
    z.object({
      valid: z.boolean(),
      message: z.string().nullable().describe('why it is not a cron expression, with an example'),
      nextRuns: z.array(Timestamp).describe('the next three times it fires'),
    }),
    'Check a cron expression and say when it would fire next, before saving it.',
  ),
  'poller.setSchedule': method(
    z
      .object({
        stageId: Id,
        schedule: z.string().min(1).max(100).nullable().describe('cron expression; null follows the global schedule'),
      })
      .strict(),
    StagePollStateSchema,
    'Give a stage its own poll schedule (or null to follow the global one).',
  ),
} as const;
