import { describe, expect, it } from 'vitest';
import { AppError } from '../dispatch/app-error';
import { callEngine, isConnectionError } from './engine-guard';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('engine errors in the volume browser', () => {
  it('tells a failed connection from a refusal of the engine', () => {
    expect(isConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:2376', 'ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(withCode('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'))).toBe(true);
    expect(isConnectionError(new Error('socket hang up'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('(HTTP code 404) no such volume'), { statusCode: 404 }))).toBe(false);
    expect(isConnectionError(new AppError('NOT_FOUND', 'timeout in a message of ours'))).toBe(false);
  });
  it('names the engine that could not be reached', async () => {
    const e = await callEngine('far', () => Promise.reject(withCode('connect ECONNREFUSED 10.0.0.2:2376', 'ECONNREFUSED'))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'ENGINE_UNAVAILABLE', message: expect.stringMatching(/^Engine "far" is unreachable: connect ECONNREFUSED/) as unknown });
    const refusal = Object.assign(new Error('no such container'), { statusCode: 404 });
    await expect(callEngine('far', () => Promise.reject(refusal))).rejects.toBe(refusal);
  });
});
