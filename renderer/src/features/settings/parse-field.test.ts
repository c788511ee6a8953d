import { describe, expect, it } from 'vitest';
import { intIn, pathList } from './parse-field';

describe('intIn', () => {
  it('accepts whole numbers in range', () => {
    expect(intIn(' 8080 ', 0, 65535, 'Port')).toBe(8080);
  });
  it('explains what is wrong', () => {
    expect(intIn('80a', 0, 65535, 'Port')).toBe('Port must be a whole number.');
    expect(intIn('70000', 0, 65535, 'Port')).toBe('Port must be between 0 and 65535.');
  });
});

describe('pathList', () => {
  it('splits lines and drops blanks', () => {
    expect(pathList('/srv/a\n\n  /srv/b  \n')).toEqual(['/srv/a', '/srv/b']);
  });
});
