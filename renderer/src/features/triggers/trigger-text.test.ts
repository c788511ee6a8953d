import { describe, expect, it } from 'vitest';
import { atTime, windowForm, windowFromForm } from './trigger-text';

describe('atTime', () => {
  const now = new Date(2026, 2, 2, 10, 0).getTime(); // a Monday
  it('gives the time today, the weekday within the week, the date further away', () => {
    expect(atTime(new Date(2026, 2, 2, 18, 5).getTime(), now)).toBe('18:05');
    expect(atTime(new Date(2026, 2, 3, 9, 0).getTime(), now)).toBe('Tue 09:00');
    expect(atTime(new Date(2026, 2, 20, 9, 0).getTime(), now)).toBe('20 Mar 09:00');
  });
});

describe('windowFromForm', () => {
  it('sends the days in order; a closing 00:00 means midnight', () => {
    expect(windowFromForm({ days: new Set([5, 1]), from: '22:00', to: '06:00' })).toEqual({ window: { days: [1, 5], from: '22:00', to: '06:00' } });
    expect(windowFromForm({ days: new Set([1]), from: '20:00', to: '00:00' })).toEqual({ window: { days: [1], from: '20:00', to: '24:00' } });
  });

  it('says what to fix', () => {
    expect(windowFromForm({ days: new Set(), from: '09:00', to: '18:00' })).toEqual({ error: 'Pick at least one day.' });
    expect(windowFromForm({ days: new Set([1]), from: '', to: '18:00' })).toMatchObject({ error: expect.stringContaining('opening time') });
    expect(windowFromForm({ days: new Set([1]), from: '09:00', to: '09:00' })).toMatchObject({ error: expect.stringContaining('close as it opens') });
  });

  it('starts a new window at weekdays 09:00–18:00', () => {
    expect(windowFromForm(windowForm(null))).toEqual({ window: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' } });
  });
});
