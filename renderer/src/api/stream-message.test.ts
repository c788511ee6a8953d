import { describe, expect, it } from 'vitest';
import { advanceLastId, parseStreamMessage, reconnectDelay } from './stream-message';

describe('parseStreamMessage', () => {
  it('reads topic and payload', () => {
    expect(parseStreamMessage('{"topic":"event","payload":{"id":3}}')).toEqual({ topic: 'event', payload: { id: 3 } });
  });
  it('drops malformed data instead of throwing', () => {
    expect(parseStreamMessage('not json')).toBeNull();
    expect(parseStreamMessage('{"payload":1}')).toBeNull();
  });
});

describe('reconnectDelay', () => {
  it('grows and is capped', () => {
    expect(reconnectDelay(0)).toBe(250);
    expect(reconnectDelay(2)).toBe(1000);
    expect(reconnectDelay(20)).toBe(5000);
  });
});

describe('advanceLastId', () => {
  it('only moves forward on numeric ids', () => {
    expect(advanceLastId(5, '7')).toBe(7);
    expect(advanceLastId(5, '3')).toBe(5);
    expect(advanceLastId(5, '')).toBe(5);
    expect(advanceLastId(5, 'x')).toBe(5);
  });
});
