import { describe, expect, it } from 'vitest';
import { compilePattern } from './pattern';

describe('compilePattern', () => {
  it('compiles ordinary patterns without stateful flags', () => {
    const c = compilePattern('ERROR|FATAL', true);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.regex.flags).toBe('i');
    expect(c.regex.test('an error here')).toBe(true);
    expect(c.regex.test('an error here')).toBe(true); // no lastIndex state between lines
  });

  it('refuses invalid syntax with the reason', () => {
    const c = compilePattern('(unclosed', false);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(/not a valid regular expression/);
  });

  it.each(['(a+)+b', '(x*)*y', '(.*a){20}', '^(\\w+\\s?)*$'])('refuses catastrophic pattern %s', (p) => {
    const c = compilePattern(p, false);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(/exponential/);
  });
});
