import { z } from 'zod';
import { Id, Timestamp } from './common';

export const LevelSchema = z.enum(['debug', 'info', 'warn', 'error']);
export type Level = z.infer<typeof LevelSchema>;

/** One line of the event log. `type` is dotted (`deploy.succeeded`); `data` carries the specifics. */
export const AppEventSchema = z.object({
  id: Id,
  ts: Timestamp,
  type: z.string(),
  level: LevelSchema,
  message: z.string(),
  projectId: Id.nullable(),
  stageId: Id.nullable(),
  deployId: Id.nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type AppEvent = z.infer<typeof AppEventSchema>;

export const EventFilterSchema = z
  .object({
    projectId: Id.optional(),
    stageId: Id.optional(),
    level: LevelSchema.optional().describe('minimum level'),
    type: z.string().max(100).optional().describe('exact type or a prefix ending in "."'),
    text: z.string().max(200).optional(),
    beforeId: Id.optional(),
    afterId: z.number().int().nonnegative().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
