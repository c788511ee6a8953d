import { describe, expect, it } from 'vitest';
import { matchRecentLines, type RecentLines } from './pattern-tester';

describe('matchRecentLines', () => {
  const sources: RecentLines[] = [
    { stage: 'dev', lines: [
        [3, 0, 'GET /health 200'],
        [5, 1, 'ERROR disk full'],
        [9, 0, 'error: retry'],
      ], },
    { stage: 'prod', lines: [[4, 1, 'ERROR timeout']] },
  ];

  it('reports matching lines of every stage oldest first, with how many lines were read', () => {
    expect(matchRecentLines(/ERROR/, 'any', sources)).toEqual({
      linesRead: 4,
      matched: 2,
      matches: [
        { stage: 'prod', ts: 4, stream: 'stderr', text: 'ERROR timeout' },
        { stage: 'dev', ts: 5, stream: 'stderr', text: 'ERROR disk full' },
      ],
    });
  });

  it('keeps to the rule\'s stream and scans only as much of a line as a rule would', () => {
    expect(matchRecentLines(/error/i, 'stdout', sources).matches.map((m) => m.text)).toEqual(['error: retry']);
    expect(matchRecentLines(/full/, 'any', sources, 8).matched).toBe(0);
  });
});
