import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp, ById, ByStage } from './common';

/** What a stage schedule does when it fires. */
export const ScheduleActionSchema = z.enum(['redeploy-newest', 'restart', 'check']);
export type ScheduleAction = z.infer<typeof ScheduleActionSchema>;

const Cron = z.string().trim().min(1, 'cron: write a cron expression, e.g. "0 3 * * 1" (03:00 every Monday)').max(100);

export const ScheduleRunSchema = z.object({
  at: Timestamp,
  ok: z.boolean(),
  outcome: z.string().describe('what the run did, in words ("deployed 2.0 (deploy #12)", "nothing new")'),
  deployId: Id.nullable(),
});
export type ScheduleRun = z.infer<typeof ScheduleRunSchema>;

export const StageScheduleSchema = z.object({
  id: Id,
  stageId: Id,
  projectId: Id,
  cron: z.string().describe('node-cron expression (5 fields, or 6 with seconds first), in the local time of the machine running Slipway'),
  action: ScheduleActionSchema.describe('redeploy-newest: deploy the newest tag matching the stage pattern; restart: a fresh container of the live image; check: poll the registry now'),
  enabled: z.boolean(),
  running: z.boolean().describe('a run is in progress (a schedule never overlaps itself)'),
  nextRunAt: Timestamp.nullable().describe('when it fires next (null when disabled)'),
  lastRun: ScheduleRunSchema.nullable(),
  createdAt: Timestamp,
});
export type StageSchedule = z.infer<typeof StageScheduleSchema>;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * When a stage may auto-deploy: on the given days, from `from` to `to`, in the local time of the machine
 * running Slipway. A `to` at or before `from` ends on the next day (22:00–06:00); `to` "24:00" is midnight.
 */
export const UpdateWindowSchema = z
  .object({
    days: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'days: pick at least one day')
      .max(7)
      .describe('the days the window opens on: 0 = Sunday … 6 = Saturday'),
    from: z.string().regex(HHMM, 'from: write the opening time as HH:MM, e.g. 09:00'),
    to: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'to: write the closing time as HH:MM, e.g. 18:00 (24:00 = midnight)'),
  })
  .strict()
  .refine((w) => w.from !== w.to, { message: 'to: the window would close as it opens; pick another closing time (00:00–24:00 is the whole day)', path: ['to'] });
export type UpdateWindow = z.infer<typeof UpdateWindowSchema>;

export const UpdateWindowStateSchema = z.object({
  stageId: Id,
  window: UpdateWindowSchema.nullable().describe('null: auto-deploy at any time'),
  description: z.string().nullable().describe('"weekdays 09:00–18:00"'),
  openNow: z.boolean(),
  nextOpenAt: Timestamp.nullable().describe('when the window next opens (null while open or without a window)'),
  held: z
    .object({ tag: z.string(), deploysAt: Timestamp })
    .nullable()
    .describe('the tag waiting for the window; a newer matching tag replaces it'),
});
export type UpdateWindowState = z.infer<typeof UpdateWindowStateSchema>;

export const CronPreviewSchema = z.object({
  valid: z.boolean(),
  message: z.string().nullable().describe('what is wrong with the expression, field by field, with an example'),
  nextRuns: z.array(Timestamp).describe('the next three times it fires'),
});

export const triggerMethods = {
  'schedules.list': method(
    z.object({ stageId: Id.optional().describe('one stage; absent: every schedule') }).strict(),
    z.object({ schedules: z.array(StageScheduleSchema) }),
    'Schedules of a stage (or all), with their next and last run.',
  ),
  'schedules.preview': method(
    z.object({ cron: z.string().max(100) }).strict(),
    CronPreviewSchema,
    'Check a cron expression and say when it would fire next, or what is wrong with it.',
  ),
  'schedules.create': method(
    z.object({ stageId: Id, cron: Cron, action: ScheduleActionSchema, enabled: z.boolean().default(true) }).strict(),
    StageScheduleSchema,
    'Add a schedule to a stage: at the cron times, redeploy the newest tag, restart the live instance, or check the registry.',
  ),
  'schedules.update': method(
    z.object({ id: Id, cron: Cron.optional(), action: ScheduleActionSchema.optional(), enabled: z.boolean().optional() }).strict(),
    StageScheduleSchema,
    'Change a schedule’s cron expression or action, or enable/disable it.',
  ),
  'schedules.remove': method(ById, Ok, 'Delete a schedule (a run in progress finishes).'),
  'schedules.run': method(ById, ScheduleRunSchema, 'Run a schedule now and answer with its outcome (recorded like a scheduled run; refused while it is already running).'),
  'updateWindow.get': method(ByStage, UpdateWindowStateSchema, 'A stage’s update window and the tag waiting for it.'),
  'updateWindow.set': method(
    z.object({ stageId: Id, window: UpdateWindowSchema.nullable().describe('null removes the window') }).strict(),
    UpdateWindowStateSchema,
    'Let the stage auto-deploy only within a window (manual deploys ignore it). Tags arriving outside it wait and deploy when it opens.',
  ),
} as const;
