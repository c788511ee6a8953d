import { describe, expect, it } from 'vitest';
import { checkCompose } from './check';

const stack = ['services:', '  web:', '    image: localhost:5000/acme/web:1.0', '  db:', '    image: localhost:5000/acme/db', ''].join('\n');

describe('checkCompose', () => {
  it('lists tracked services and companions of a valid file', () => {
    expect(checkCompose({ compose: stack, image: 'localhost:5000/acme/web', allowHostAccess: false })).toEqual({ ok: true, problems: [], tracked: ['web'], companions: ['db'] });
  });

  it('names the service and line of what it refuses', () => {
    const privileged = stack + '    privileged: true\n';
    const answer = checkCompose({ compose: privileged, image: 'localhost:5000/acme/web', allowHostAccess: false });
    expect(answer.ok).toBe(false);
    expect(answer.problems).toEqual([expect.objectContaining({ service: 'db', line: 6 })]);
    expect(checkCompose({ compose: privileged, image: 'localhost:5000/acme/web', allowHostAccess: true }).ok).toBe(true);
  });

  it('explains an image it cannot read instead of throwing', () => {
    const answer = checkCompose({ compose: stack, image: 'Not An Image', allowHostAccess: false });
    expect(answer.ok).toBe(false);
    expect(answer.problems[0]?.message).toMatch(/not a repository/);
  });

  it('accepts several services from the project\'s image: all are tracked, the rest companions', () => {
    const two = stack + '  worker:\n    image: localhost:5000/acme/web\n';
    expect(checkCompose({ compose: two, image: 'localhost:5000/acme/web', allowHostAccess: false })).toEqual({ ok: true, problems: [], tracked: ['web', 'worker'], companions: ['db'] });
  });
});
