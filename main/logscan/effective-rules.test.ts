import { describe, expect, it } from 'vitest';
import type { LogRule } from '../../preload/contract';
import { effectiveRules } from './effective-rules';

const rule = (id: number, projectId: number | null, overrides: number | null = null, enabled = true): LogRule => ({
  id,
  projectId,
  overrides,
  name: `r${String(id)}`,
  pattern: 'x',
  ignoreCase: false,
  stream: 'any',
  level: 'warn',
  threshold: 1,
  windowSeconds: 60,
  cooldownSeconds: 0,
  action: 'none',
  actionMaxPerHour: 3,
  enabled,
  createdAt: 0,
});

describe('effectiveRules', () => {
  const all = [rule(1, null), rule(2, null), rule(3, null, null, false), rule(4, 10, 1), rule(5, 10, 2, false), rule(6, 10), rule(7, 20)];

  it('applies globals, replaced or turned off by the project, plus its own rules', () => {
    expect(effectiveRules(all, 10).map((r) => r.id)).toEqual([4, 6]);
  });

  it('gives other projects the globals untouched', () => {
    expect(effectiveRules(all, 20).map((r) => r.id)).toEqual([1, 2, 7]);
    expect(effectiveRules(all, 30).map((r) => r.id)).toEqual([1, 2]);
  });
});
