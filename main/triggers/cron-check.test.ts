import { describe, expect, it } from 'vitest';
import { cronProblem } from './cron-check';

describe('cronProblem', () => {
  it('accepts what node-cron accepts', () => {
    expect(cronProblem('0 3 * * 1')).toBeNull();
    expect(cronProblem(' 0 3 * * mon ')).toBeNull();
    expect(cronProblem('*/10 * * * * *')).toBeNull();
  });

  it('names the field that is wrong and its range', () => {
    expect(cronProblem('61 * * * *')).toMatch(/the minute field "61" is not valid \(minutes go from 0 to 59\)/);
    expect(cronProblem('0 25 * * *')).toMatch(/hour field "25".*0 to 23/);
    expect(cronProblem('0 0 30 2 *')).toMatch(/day of month field/);
  });

  it('counts the fields when there are too few or too many, and gives an example', () => {
    expect(cronProblem('* * *')).toMatch(/has 3 fields, and a cron expression has 5/);
    expect(cronProblem('daily')).toMatch(/has 1 field,.*Example: "0 3 \* \* 1"/);
    expect(cronProblem('')).toMatch(/Write a cron expression/);
  });
});
