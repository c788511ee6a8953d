import { describe, expect, it } from 'vitest';
import type { LogRule } from '../../../../preload/contract';
import { emptyRuleForm, patternError, rowsFor, ruleFields } from './rule-form';

const rule = (over: Partial<LogRule>): LogRule => ({
  id: 1,
  projectId: null,
  overrides: null,
  name: 'errors',
  pattern: 'ERROR',
  ignoreCase: false,
  stream: 'any',
  level: 'warn',
  threshold: 1,
  windowSeconds: 60,
  cooldownSeconds: 300,
  enabled: true,
  action: 'none',
  actionMaxPerHour: 3,
  createdAt: 0,
  ...over,
});

describe('ruleFields', () => {
  it('turns the typed form into a rule, naming it after its pattern when unnamed', () => {
    const r = ruleFields({ ...emptyRuleForm, pattern: 'FATAL', threshold: '3', windowSeconds: '10', cooldownSeconds: '0' });
    expect(r).toEqual({ ok: true, fields: { name: 'FATAL', pattern: 'FATAL', ignoreCase: false, stream: 'any', level: 'warn', threshold: 3, windowSeconds: 10, cooldownSeconds: 0, enabled: true, action: 'none', actionMaxPerHour: 3 } });
  });

  it('says what to fix for each bad field', () => {
    const r = ruleFields({ ...emptyRuleForm, pattern: ' ', threshold: '0', windowSeconds: 'x', cooldownSeconds: '1.5' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['cooldownSeconds', 'pattern', 'threshold', 'windowSeconds']);
    expect(r.errors['threshold']).toBe('Matches: give a whole number from 1 to 10000.');
  });
});

describe('patternError', () => {
  it('picks out refusals of the pattern only', () => {
    expect(patternError('pattern: "(a+)+" could take exponential time')).toBe('"(a+)+" could take exponential time');
    expect(patternError('Project 3 does not exist.')).toBeNull();
  });
});

describe('rowsFor', () => {
  const g1 = rule({ id: 1 });
  const g2 = rule({ id: 2, name: 'panics' });
  const off = rule({ id: 3, projectId: 7, overrides: 2, enabled: false });
  const own = rule({ id: 4, projectId: 7, name: 'slow' });
  const other = rule({ id: 5, projectId: 8, name: 'elsewhere' });
  const counters = [{ ruleId: 3, matched: 0, fired: 0, dropped: 0, lastFiredAt: null }];

  it('lists only global rules for the global scope', () => {
    expect(rowsFor([g1, g2, off, own, other], counters, null).map((r) => r.rule.id)).toEqual([1, 2]);
  });

  it('shows a project its overrides in place of the global rules, then its own rules', () => {
    const rows = rowsFor([g1, g2, off, own, other], counters, 7);
    expect(rows.map((r) => [r.rule.id, r.global?.id ?? null])).toEqual([
      [1, 1],
      [3, 2],
      [4, null],
    ]);
    expect(rows[1]?.counters?.ruleId).toBe(3);
  });
});
