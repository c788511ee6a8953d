import type { LogRule, LogRuleCounters, MethodInput } from '../../../../preload/contract';

/** The rule editor's fields as typed (numbers stay text until saved, so a half-typed value is not lost). */
export interface RuleForm {
  readonly name: string;
  readonly pattern: string;
  readonly ignoreCase: boolean;
  readonly stream: LogRule['stream'];
  readonly level: LogRule['level'];
  readonly threshold: string;
  readonly windowSeconds: string;
  readonly cooldownSeconds: string;
  readonly enabled: boolean;
  /** What the rule does on the stage when it fires, besides the event. */
  readonly action: LogRule['action'];
  readonly actionMaxPerHour: string;
}

export const emptyRuleForm: RuleForm = { name: '', pattern: '', ignoreCase: false, stream: 'any', level: 'warn', threshold: '1', windowSeconds: '60', cooldownSeconds: '300', enabled: true, action: 'none', actionMaxPerHour: '3' };

export function formOf(rule: LogRule): RuleForm {
  return {
    name: rule.name,
    pattern: rule.pattern,
    ignoreCase: rule.ignoreCase,
    stream: rule.stream,
    level: rule.level,
    threshold: String(rule.threshold),
    windowSeconds: String(rule.windowSeconds),
    cooldownSeconds: String(rule.cooldownSeconds),
    enabled: rule.enabled,
    action: rule.action,
    actionMaxPerHour: String(rule.actionMaxPerHour),
  };
}

type Fields = Omit<MethodInput<'logRules.update'>, 'id'>;

function whole(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t)) return `${what}: give a whole number from ${String(min)} to ${String(max)}.`;
  const n = Number(t);
  return n < min || n > max ? `${what}: give a whole number from ${String(min)} to ${String(max)}.` : n;
}

/** The fields to send, or per-field messages saying what to fix. */
export function ruleFields(f: RuleForm): { readonly ok: true; readonly fields: Fields } | { readonly ok: false; readonly errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (f.pattern.trim() === '') errors['pattern'] = 'Give a regular expression to look for, e.g. ERROR|FATAL.';
  if (f.name.length > 100) errors['name'] = 'Keep the name to 100 characters.';
  const threshold = whole(f.threshold, 1, 10_000, 'Matches');
  const windowSeconds = whole(f.windowSeconds, 1, 86_400, 'Window');
  const cooldownSeconds = whole(f.cooldownSeconds, 0, 7 * 86_400, 'Cooldown');
  if (typeof threshold === 'string') errors['threshold'] = threshold;
  if (typeof windowSeconds === 'string') errors['windowSeconds'] = windowSeconds;
  if (typeof cooldownSeconds === 'string') errors['cooldownSeconds'] = cooldownSeconds;
  const actionMaxPerHour = whole(f.actionMaxPerHour, 1, 60, 'Actions per hour');
  if (typeof actionMaxPerHour === 'string') errors['actionMaxPerHour'] = actionMaxPerHour;
  if (Object.keys(errors).length > 0 || typeof threshold === 'string' || typeof windowSeconds === 'string' || typeof cooldownSeconds === 'string' || typeof actionMaxPerHour === 'string') return { ok: false, errors };
  const name = f.name.trim() === '' ? f.pattern.slice(0, 100) : f.name.trim();
  return { ok: true, fields: { name, pattern: f.pattern, ignoreCase: f.ignoreCase, stream: f.stream, level: f.level, threshold, windowSeconds, cooldownSeconds, enabled: f.enabled, action: f.action, actionMaxPerHour } };
}

/** A pattern refusal from main names the field (`pattern: …`): show it under the pattern box, without the prefix. */
export function patternError(message: string): string | null {
  return message.startsWith('pattern: ') ? message.slice('pattern: '.length) : null;
}

/** How a rule applies, in the scope of one project (or of the global list). */
export interface RuleRow {
  readonly rule: LogRule;
  readonly counters: LogRuleCounters | null;
  /** For a project: the global rule this row stands for (the override replaces it here). */
  readonly global: LogRule | null;
}

/** Global rules, each replaced by this project's override where there is one, then the project's own rules. */
export function rowsFor(rules: readonly LogRule[], counters: readonly LogRuleCounters[], projectId: number | null): RuleRow[] {
  const byRule = new Map(counters.map((c) => [c.ruleId, c]));
  const row = (rule: LogRule, global: LogRule | null): RuleRow => ({ rule, counters: byRule.get(rule.id) ?? null, global });
  const globals = rules.filter((r) => r.projectId === null);
  if (projectId === null) return globals.map((r) => row(r, null));
  const mine = rules.filter((r) => r.projectId === projectId);
  const overrides = new Map(mine.filter((r) => r.overrides !== null).map((r) => [r.overrides, r]));
  return [...globals.map((g) => row(overrides.get(g.id) ?? g, g)), ...mine.filter((r) => r.overrides === null).map((r) => row(r, null))];
}
