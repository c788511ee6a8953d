import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subscription as sub } from '../../test/fixtures/subscriptions';
import { decideStage, followOutcome, tagsToResolve, unseenTags } from './plan';
import { emptyPollRow, type KnownTag, type StagePollRow } from './poll-state-repo';

const IMAGE = 'localhost:5000/acme/web';
const known = (...tags: string[]): KnownTag[] => tags.map((tag, i) => ({ tag, seq: i + 1, firstSeenAt: 1000 + i }));
const polled = (cursor: number, over: Partial<StagePollRow> = {}): StagePollRow => ({ ...emptyPollRow(10), repository: IMAGE, cursor, baselineAt: 1, ...over });

describe('unseenTags', () => {
  it('answers only tags the repository never showed, oldest version first', () => {
    expect(unseenTags(['v1.10.0', 'v1.2.0', 'v1.9.0', 'old'], known('old'))).toEqual(['v1.2.0', 'v1.9.0', 'v1.10.0']);
    expect(unseenTags(['a', 'a'], [])).toEqual(['a']);
  });
});

describe('decideStage', () => {
  it('first poll is a baseline: it moves the cursor past every existing tag and picks nothing', () => {
    const k = known('v1.0.0', 'v2.0.0');
    const d = decideStage(sub(), emptyPollRow(10), k, new Set(['v1.0.0', 'v2.0.0']));
    expect(d).toEqual({ baseline: true, cursor: 2, pick: null, followed: null, follows: null });
  });

  it('a repository change (project re-pointed) is a new baseline', () => {
    const d = decideStage(sub(), polled(1, { repository: 'localhost:5000/acme/old' }), known('v1', 'v2'), new Set(['v1', 'v2']));
    expect(d.baseline).toBe(true);
    expect(d.pick).toBeNull();
  });

  it('later polls pick only the newest new matching tag — never a flood of old ones', () => {
    const k = known('v1.0.0', 'v1.1.0', 'v1.10.0', 'v1.9.0', 'dev-x');
    const d = decideStage(sub({ tagPattern: 'v*' }), polled(1), k, new Set(k.map((x) => x.tag)));
    expect(d).toMatchObject({ baseline: false, cursor: 5, pick: 'v1.10.0' });
  });

  it('honours the semver range when picking', () => {
    const k = known('1.0.0', '1.5.0', '2.0.0');
    const d = decideStage(sub({ semverRange: '<2' }), polled(1), k, new Set(['1.0.0', '1.5.0', '2.0.0']));
    expect(d.pick).toBe('1.5.0');
  });

  it('orders tags that are not versions by when they were first seen', () => {
    const k = known('build-a', 'build-c', 'build-b');
    const d = decideStage(sub({ tagPattern: 'build-*' }), polled(1), k, new Set(['build-a', 'build-c', 'build-b']));
    expect(d.pick).toBe('build-b');
  });

  it('flags competing tags that are not versions, and orders them by the registry’s creation times when given', () => {
    const k = known('build-a', 'build-c', 'build-b');
    const listed = new Set(['build-a', 'build-c', 'build-b']);
    expect(decideStage(sub({ tagPattern: 'build-*' }), polled(1), k, listed).ambiguous).toBe(true);
    const times = new Map([
      ['build-c', '2026-01-03T00:00:00Z'],
      ['build-b', '2026-01-02T00:00:00Z'],
    ]);
    expect(decideStage(sub({ tagPattern: 'build-*' }), polled(1), k, listed, times).pick).toBe('build-c');
    // A version among them wins regardless, and nothing is ambiguous then.
    const withVersion = decideStage(sub(), polled(1), known('x', 'v2.0.0', 'y'), new Set(['x', 'v2.0.0', 'y']));
    expect(withVersion).toMatchObject({ pick: 'v2.0.0' });
    expect(withVersion.ambiguous).toBeUndefined();
  });

  it('ignores new tags that were deleted again, and tags that do not match', () => {
    const k = known('v1', 'v2', 'other');
    expect(decideStage(sub({ tagPattern: 'v*' }), polled(1), k, new Set(['v1', 'other'])).pick).toBeNull();
  });

  it('a literal pattern follows that tag: HEAD it when listed, pick nothing by name', () => {
    const k = known('latest', 'v1');
    expect(decideStage(sub({ tagPattern: 'latest' }), polled(2), k, new Set(['latest', 'v1']))).toMatchObject({ pick: null, followed: 'latest', follows: 'latest' });
    expect(decideStage(sub({ tagPattern: 'latest' }), polled(2), k, new Set(['v1']))).toMatchObject({ followed: null, follows: 'latest' });
  });

  it('property: the pick is always a new, listed, matching tag, and the cursor never goes back', () => {
    const tagArb = fc.constantFrom('v1.0.0', 'v1.2.0', 'v2.0.0', 'dev-a', 'dev-b', 'latest', '1.5', 'x');
    fc.assert(
      fc.property(fc.uniqueArray(tagArb, { maxLength: 8 }), fc.nat(8), fc.subarray(['v1.0.0', 'v1.2.0', 'v2.0.0', 'dev-a', 'dev-b', 'latest', '1.5', 'x']), fc.constantFrom('*', 'v*', 'dev-*'), (tags, cursor, listedArr, pattern) => {
        const k = known(...tags);
        const listed = new Set(listedArr);
        const d = decideStage(sub({ tagPattern: pattern }), polled(cursor), k, listed);
        expect(d.cursor).toBeGreaterThanOrEqual(cursor);
        if (d.pick !== null) {
          const entry = k.find((x) => x.tag === d.pick);
          expect(entry && entry.seq > cursor).toBe(true);
          expect(listed.has(d.pick)).toBe(true);
        }
      }),
    );
  });
});

describe('followOutcome', () => {
  const row = (trackedTag: string | null, trackedDigest: string | null): StagePollRow => polled(1, { trackedTag, trackedDigest });

  it('records the digest at a baseline or when the followed tag changed, without an event', () => {
    expect(followOutcome(row(null, null), 'latest', 'sha256:a', true)).toEqual({ why: null, trackedDigest: 'sha256:a' });
    expect(followOutcome(row('dev', 'sha256:x'), 'latest', 'sha256:a', false)).toEqual({ why: null, trackedDigest: 'sha256:a' });
  });

  it('reports a tag that appeared after the baseline as new, and a changed digest as moved', () => {
    expect(followOutcome(row('latest', null), 'latest', 'sha256:a', false).why).toBe('new');
    expect(followOutcome(row('latest', 'sha256:a'), 'latest', 'sha256:b', false).why).toBe('moved');
    expect(followOutcome(row('latest', 'sha256:a'), 'latest', 'sha256:a', false).why).toBeNull();
  });
});

describe('tagsToResolve', () => {
  it('asks for each digest once however many stages need it', () => {
    const base = { baseline: false, cursor: 1 };
    expect(
      tagsToResolve([
        { ...base, pick: 'v2', followed: null, follows: null },
        { ...base, pick: 'v2', followed: null, follows: null },
        { ...base, pick: null, followed: 'latest', follows: 'latest' },
        { ...base, pick: null, followed: 'latest', follows: 'latest' },
      ]),
    ).toEqual(['v2', 'latest']);
  });
});
