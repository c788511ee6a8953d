import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_MS, retryStreamTarget, retryTarget, type AttemptFailure } from './retry-policy';

const refusedByRetired: AttemptFailure = {
  code: 'ECONNREFUSED',
  method: 'GET',
  failedTarget: 9001,
  currentTarget: 9002,
  attempt: 0,
  elapsedMs: 0,
  connected: false,
  reusedSocket: false,
  bodyStreamed: false,
  responseStarted: false,
};

/** A fresh connection to the current target broke before any answer (a tunnel cut). */
const cut: AttemptFailure = { ...refusedByRetired, code: 'ECONNRESET', connected: true, currentTarget: 9001 };

describe('retryTarget', () => {
  it('sends a request refused by a retired target to the current one at once', () => {
    expect(retryTarget(refusedByRetired)).toEqual({ target: 9002, delayMs: 0 });
    expect(retryTarget({ ...refusedByRetired, method: 'POST' })).toEqual({ target: 9002, delayMs: 0 });
  });

  it('does not retry a refusal by the current target (the app is simply down)', () => {
    expect(retryTarget({ ...refusedByRetired, currentTarget: 9001 })).toBeNull();
  });

  it('never retries once body bytes were streamed or a response started', () => {
    expect(retryTarget({ ...refusedByRetired, bodyStreamed: true })).toBeNull();
    expect(retryTarget({ ...refusedByRetired, responseStarted: true })).toBeNull();
    expect(retryTarget({ ...cut, bodyStreamed: true })).toBeNull();
    expect(retryTarget({ ...cut, responseStarted: true })).toBeNull();
  });

  it('has nowhere to go when the route has no target', () => {
    expect(retryTarget({ ...refusedByRetired, currentTarget: null })).toBeNull();
    expect(retryTarget({ ...cut, currentTarget: null })).toBeNull();
  });

  it('retries a reset on a reused keep-alive socket once, whatever the method, at once', () => {
    const stale: AttemptFailure = { ...cut, reusedSocket: true, method: 'POST' };
    expect(retryTarget(stale)).toEqual({ target: 9001, delayMs: 0 });
    expect(retryTarget({ ...stale, currentTarget: 9002 })).toEqual({ target: 9002, delayMs: 0 });
    expect(retryTarget({ ...stale, attempt: 1, elapsedMs: 10 })).toBeNull();
  });

  it('replays an idempotent request whose connection broke before any answer, waiting longer each time', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'get']) expect(retryTarget({ ...cut, method })).toEqual({ target: 9001, delayMs: 50 });
    expect(retryTarget({ ...cut, code: 'EPIPE' })?.target).toBe(9001);
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => retryTarget({ ...cut, attempt, elapsedMs: 100 })?.delayMs);
    expect(delays).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
  });

  it('goes to another target at once when the route moved on meanwhile', () => {
    expect(retryTarget({ ...cut, attempt: 3, elapsedMs: 500, currentTarget: 9002 })).toEqual({ target: 9002, delayMs: 0 });
  });

  it('gives up once the replay window has passed', () => {
    expect(retryTarget({ ...cut, attempt: 4, elapsedMs: REPLAY_WINDOW_MS - 1 })).not.toBeNull();
    expect(retryTarget({ ...cut, attempt: 4, elapsedMs: REPLAY_WINDOW_MS })).toBeNull();
  });

  it('never replays a request that is not idempotent (POST, PATCH) on a fresh connection', () => {
    expect(retryTarget({ ...cut, method: 'POST' })).toBeNull();
    expect(retryTarget({ ...cut, method: 'PATCH' })).toBeNull();
    expect(retryTarget({ ...cut, method: 'TRACE' })).toBeNull();
  });

  it('does not retry other errors', () => {
    expect(retryTarget({ ...refusedByRetired, code: 'ETIMEDOUT' })).toBeNull();
    expect(retryTarget({ ...cut, code: 'ETIMEDOUT' })).toBeNull();
    expect(retryTarget({ ...refusedByRetired, code: undefined })).toBeNull();
  });
});

describe('retryStreamTarget', () => {
  it('retries only a refused connect, once, to another target', () => {
    const f = { code: 'ECONNREFUSED', failedTarget: 9001, currentTarget: 9002, attempt: 0, connected: false };
    expect(retryStreamTarget(f)).toBe(9002);
    expect(retryStreamTarget({ ...f, currentTarget: 9001 })).toBeNull();
    expect(retryStreamTarget({ ...f, attempt: 1 })).toBeNull();
    expect(retryStreamTarget({ ...f, code: 'ECONNRESET', connected: true })).toBeNull();
  });
});
