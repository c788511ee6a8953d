import { z } from 'zod';
import { method } from './define';
import { Id, Ok, Timestamp, ById } from './common';

export const LogRuleLevelSchema = z.enum(['info', 'warn', 'error']);
export const LogStreamSchema = z.enum(['any', 'stdout', 'stderr']);
/** What a firing rule does to the stage whose instance printed the line, besides the event. */
export const LogRuleActionSchema = z.enum(['none', 'restart', 'rollback']);

/** Limits keep scanning cheap and bounded; validation against catastrophic patterns happens in main. */
const Pattern = z.string().min(1).max(500).describe('JavaScript regular expression, matched against each log line');

export const LogRuleSchema = z.object({
  id: Id,
  /** null = a global rule, applied to every project. */
  projectId: Id.nullable(),
  /** A project rule that takes the place of this global rule for its project (enabled: false turns it off there). */
  overrides: Id.nullable(),
  name: z.string(),
  pattern: z.string(),
  ignoreCase: z.boolean(),
  stream: LogStreamSchema,
  level: LogRuleLevelSchema,
  threshold: z.number().int().min(1).describe('matches needed within the window to fire'),
  windowSeconds: z.number().int().min(1),
  cooldownSeconds: z.number().int().min(0).describe('after firing, stay quiet this long (per container)'),
  enabled: z.boolean(),
  action: LogRuleActionSchema.describe('restart the live instance or roll the stage back when the rule fires; none = only the event'),
  actionMaxPerHour: z.number().int().min(1).max(60).describe('at most this many actions per stage per hour; the cooldown also applies between actions'),
  createdAt: Timestamp,
});
export type LogRule = z.infer<typeof LogRuleSchema>;

const editable = {
  name: z.string().min(1).max(100),
  pattern: Pattern,
  ignoreCase: z.boolean(),
  stream: LogStreamSchema,
  level: LogRuleLevelSchema,
  threshold: z.number().int().min(1).max(10_000),
  windowSeconds: z.number().int().min(1).max(86_400),
  cooldownSeconds: z.number().int().min(0).max(7 * 86_400),
  enabled: z.boolean(),
  action: LogRuleActionSchema,
  actionMaxPerHour: z.number().int().min(1).max(60),
};

/** Every editable field, each optional: what create and update take. */
const editableFields = z.object(editable).partial().shape;

export const LogRuleCreateSchema = z
  .object({
    projectId: Id.nullable().default(null),
    overrides: Id.nullable().default(null).describe('id of a global rule this project rule replaces; unset fields are copied from it'),
    ...editableFields,
    pattern: editable.pattern.optional().describe('required unless overriding'),
  })
  .strict();

export const LogRuleUpdateSchema = z
  .object({
    id: Id,
    ...editableFields,
  })
  .strict();

export const LogScanStatsSchema = z.object({
  linesScanned: z.number().int().nonnegative(),
  linesDropped: z.number().int().nonnegative().describe('lines skipped because scanning fell behind the log stream'),
  linesTruncated: z.number().int().nonnegative().describe('lines longer than the scan limit, scanned up to it'),
  fired: z.number().int().nonnegative(),
  queued: z.number().int().nonnegative(),
  behindAt: Timestamp.nullable().describe('when scanning last fell behind and skipped lines (the `log-scan.behind` event); null = never since start'),
});

/** What one rule has done since Slipway started (kept in memory). */
export const LogRuleCountersSchema = z.object({
  ruleId: Id,
  matched: z.number().int().nonnegative().describe('lines that matched'),
  fired: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative().describe('matches not counted because the rule was cooling down after firing'),
  lastFiredAt: Timestamp.nullable(),
});
export type LogRuleCounters = z.infer<typeof LogRuleCountersSchema>;

export const LogPatternTestSchema = z
  .object({
    projectId: Id,
    pattern: Pattern,
    ignoreCase: z.boolean().default(false),
    stream: LogStreamSchema.default('any'),
    lines: z.number().int().min(1).max(5000).default(500).describe('recent lines to read from each of the project\'s live containers'),
  })
  .strict();

export const LogPatternMatchSchema = z.object({
  stage: z.string(),
  ts: Timestamp,
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
});
export type LogPatternMatch = z.infer<typeof LogPatternMatchSchema>;

export const logRuleMethods = {
  'logRules.list': method(
    z.object({ projectId: Id.optional().describe('only global rules and this project\'s') }).strict(),
    z.object({ rules: z.array(LogRuleSchema), stats: LogScanStatsSchema, counters: z.array(LogRuleCountersSchema) }),
    'Log-scan rules (global first) and the scanner\'s counters.',
  ),
  'logRules.create': method(LogRuleCreateSchema, LogRuleSchema, 'Add a log-scan rule: global, per project, or a project override of a global rule.'),
  'logRules.update': method(LogRuleUpdateSchema, LogRuleSchema, 'Change a log-scan rule.'),
  'logRules.test': method(
    LogPatternTestSchema,
    z.object({
      linesRead: z.number().int().nonnegative(),
      matched: z.number().int().nonnegative(),
      matches: z.array(LogPatternMatchSchema).describe('the most recent 200 matching lines, oldest first'),
    }),
    'Try a pattern against the project\'s recent log lines before saving it; refuses the same patterns a rule would.',
  ),
  'logRules.remove': method(ById, Ok, 'Delete a log-scan rule (a global rule takes its project overrides with it).'),
} as const;
