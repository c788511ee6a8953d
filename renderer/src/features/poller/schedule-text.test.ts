import { describe, expect, it } from 'vitest';
import { describeCron, schedulePreview } from './schedule-text';

describe('schedulePreview', () => {
  const now = new Date(2026, 11, 5, 14, 2, 0).getTime();

  it('says what the expression means and when it next runs today', () => {
    expect(schedulePreview('*/5 * * * *', new Date(2026, 11, 5, 14, 5, 0).getTime(), now)).toBe('Every 5 minutes, next at 14:05');
  });

  it('names the day when the next run is not today', () => {
    const text = schedulePreview('0 3 * * *', new Date(2026, 11, 6, 3, 0, 0).getTime(), now);
    expect(text).toMatch(/^At 03:00, next at .*6.* 03:00$/);
  });

  it('reads nothing into what is not cron', () => {
    expect(describeCron('every five minutes')).toBeNull();
    expect(schedulePreview('every five minutes', null, now)).toBeNull();
  });
});
