import { describe, expect, it } from 'vitest';
import { bytes, duration, relativeTime } from './time';

describe('relativeTime', () => {
  it('rounds to the unit a person reads', () => {
    expect(relativeTime(1000, 3000)).toBe('just now');
    expect(relativeTime(0, 45_000)).toBe('45 s ago');
    expect(relativeTime(0, 120_000)).toBe('2 min ago');
    expect(relativeTime(0, 3 * 3600_000)).toBe('3 h ago');
    expect(relativeTime(0, 4 * 86_400_000)).toBe('4 d ago');
  });
});

describe('duration', () => {
  it('picks ms, s or min', () => {
    expect(duration(850)).toBe('850 ms');
    expect(duration(1234)).toBe('1.2 s');
    expect(duration(125_000)).toBe('2 min 5 s');
  });
});

describe('bytes', () => {
  it('uses binary units', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(300 * 1024 * 1024)).toBe('300 MB');
  });
});
