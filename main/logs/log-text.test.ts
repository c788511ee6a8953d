import { describe, expect, it } from 'vitest';
import { formatLogLine } from './log-text';

describe('formatLogLine', () => {
  it('writes time, stream and text', () => {
    expect(formatLogLine([Date.UTC(2024, 0, 2, 3, 4, 5, 6), 1, 'boom'])).toBe('2024-01-02T03:04:05.006Z stderr boom\n');
  });
});
