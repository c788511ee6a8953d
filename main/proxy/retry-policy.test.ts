import { describe, expect, it } from 'vitest';
import { retryTarget, type AttemptFailure } from './retry-policy';

const refusedByRetired: AttemptFailure = {
  code: 'ECONNREFUSED',
  failedTarget: 9001,
  currentTarget: 9002,
  attempt: 0,
  connected: false,
  reusedSocket: false,
  bodyStreamed: false,
  responseStarted: false,
};

describe('retryTarget', () => {
  it('sends a request refused by a retired target to the current one', () => {
    expect(retryTarget(refusedByRetired)).toBe(9002);
  });

  it('does not retry a refusal by the current target (the app is simply down)', () => {
    expect(retryTarget({ ...refusedByRetired, currentTarget: 9001 })).toBeNull();
  });

  it('retries at most once', () => {
    expect(retryTarget({ ...refusedByRetired, attempt: 1 })).toBeNull();
  });

  it('never retries once body bytes were streamed or a response started', () => {
    expect(retryTarget({ ...refusedByRetired, bodyStreamed: true })).toBeNull();
    expect(retryTarget({ ...refusedByRetired, responseStarted: true })).toBeNull();
  });

  it('has nowhere to go when the route has no target', () => {
    expect(retryTarget({ ...refusedByRetired, currentTarget: null })).toBeNull();
  });

  it('retries a reset on a reused keep-alive socket, even on the same target', () => {
    const stale: AttemptFailure = { ...refusedByRetired, code: 'ECONNRESET', connected: true, reusedSocket: true, currentTarget: 9001 };
    expect(retryTarget(stale)).toBe(9001);
    expect(retryTarget({ ...stale, currentTarget: 9002 })).toBe(9002);
  });

  it('does not retry a reset on a fresh connection (the app may have seen the request)', () => {
    expect(retryTarget({ ...refusedByRetired, code: 'ECONNRESET', connected: true, reusedSocket: false })).toBeNull();
  });

  it('does not retry other errors', () => {
    expect(retryTarget({ ...refusedByRetired, code: 'ETIMEDOUT' })).toBeNull();
    expect(retryTarget({ ...refusedByRetired, code: undefined })).toBeNull();
  });
});
