import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidSemverRange, isValidTagPattern, matchesStagePattern, newestTags, tagVersion } from './tag-order';

describe('tagVersion', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    ['V2.0.0-rc.1', '2.0.0-rc.1'],
    ['1.27', '1.27.0'],
    ['v3', '3.0.0'],
    ['1.2.3+build.5', '1.2.3'],
  ])('%s → %s', (tag, version) => expect(tagVersion(tag)?.version).toBe(version));

  it.each(['latest', 'dev-abc', 'sha-1234567', 'main', '1.2.3.4', 'v'])('%s is not a version', (tag) =>
    expect(tagVersion(tag)).toBeNull(),
  );
});

describe('matchesStagePattern', () => {
  it('applies globs', () => {
    expect(matchesStagePattern('dev-42', 'dev-*')).toBe(true);
    expect(matchesStagePattern('prod-42', 'dev-*')).toBe(false);
    expect(matchesStagePattern('v1.0.0', 'v*')).toBe(true);
    expect(matchesStagePattern('anything', '*')).toBe(true);
    expect(matchesStagePattern('anything', '')).toBe(true);
    expect(matchesStagePattern('anything')).toBe(true);
    expect(matchesStagePattern('1.2.3', '1.+(2|3).*')).toBe(true);
    expect(matchesStagePattern('rc-1', '{rc,beta}-[0-9]')).toBe(true);
    expect(matchesStagePattern('latest', 'v*')).toBe(false);
  });

  it('applies semver ranges on top of the glob', () => {
    expect(matchesStagePattern('v1.4.0', 'v*', '^1.2.0')).toBe(true);
    expect(matchesStagePattern('v2.0.0', 'v*', '^1.2.0')).toBe(false);
    expect(matchesStagePattern('1.3.0-rc.1', '*', '^1.2.0')).toBe(false);
    expect(matchesStagePattern('1.2.0-rc.2', '*', '>=1.2.0-rc.1 <1.3.0')).toBe(true);
    expect(matchesStagePattern('latest', '*', '*')).toBe(false);
    expect(matchesStagePattern('latest', '*', '')).toBe(true);
  });

  it('validates settings', () => {
    expect(isValidTagPattern('dev-*')).toBe(true);
    expect(isValidTagPattern('')).toBe(false);
    expect(isValidTagPattern('x'.repeat(300))).toBe(false);
    expect(isValidSemverRange('^1.2')).toBe(true);
    expect(isValidSemverRange('not a range')).toBe(false);
  });
});

describe('newestTags', () => {
  it('orders versions by semver, not by text', () => {
    expect(newestTags(['1.9.0', '1.10.0', 'v1.2.0', '1.10.0-rc.1', '0.9'])).toEqual([
      '1.10.0',
      '1.10.0-rc.1',
      '1.9.0',
      'v1.2.0',
      '0.9',
    ]);
  });

  it('orders other tags by creation time, then naturally', () => {
    const created = new Map<string, string | number | Date>([
      ['dev-b', '2024-05-02T10:00:00Z'],
      ['dev-a', new Date('2024-05-03T10:00:00Z')],
      ['dev-c', Date.parse('2024-05-01T10:00:00Z')],
      ['dev-bad', 'not a date'],
    ]);
    expect(newestTags(['dev-c', 'dev-a', 'dev-b', 'dev-9', 'dev-10', 'dev-bad'], { pattern: 'dev-*' }, created)).toEqual([
      'dev-a',
      'dev-b',
      'dev-c',
      'dev-bad',
      'dev-10',
      'dev-9',
    ]);
  });

  it('puts versions before other tags and filters by the stage', () => {
    expect(newestTags(['latest', '2.0.0', 'main', '1.0.0'])).toEqual(['2.0.0', '1.0.0', 'main', 'latest']);
    expect(newestTags(['v1.0.0', 'v2.0.0', 'v1.5.0', 'dev-1'], { pattern: 'v*', semverRange: '<2' })).toEqual([
      'v1.5.0',
      'v1.0.0',
    ]);
  });

  it('breaks equal versions by creation time', () => {
    const created = new Map([
      ['v1.0.0', '2024-01-02T00:00:00Z'],
      ['1.0.0', '2024-01-01T00:00:00Z'],
    ]);
    expect(newestTags(['1.0.0', 'v1.0.0'], {}, created)).toEqual(['v1.0.0', '1.0.0']);
  });

  it('is a permutation of the matching tags, independent of input order', () => {
    const tag = fc.oneof(
      fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `${a}.${b}.${c}`),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    );
    fc.assert(
      fc.property(fc.array(tag, { maxLength: 30 }), (tags) => {
        const out = newestTags(tags);
        expect([...out].sort()).toEqual([...new Set(tags)].sort());
        expect(newestTags([...tags].reverse())).toEqual(out);
      }),
    );
  });
});
