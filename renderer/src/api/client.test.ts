import { describe, expect, it } from 'vitest';
import type { Result } from '../../../preload/contract';
import { ApiError } from './api-error';
import { createClient } from './client';
import type { Transport } from './transport';

function fakeTransport(answer: Result<unknown>): Transport & { emit(topic: string, payload: unknown): void; calls: [string, unknown][] } {
  const listeners = new Map<string, (p: unknown) => void>();
  const calls: [string, unknown][] = [];
  return {
    kind: 'browser',
    calls,
    invoke: (method, input) => {
      calls.push([method, input]);
      return Promise.resolve(answer);
    },
    on: (topic, l) => {
      listeners.set(topic, l);
      return () => listeners.delete(topic);
    },
    onStreamState: () => () => undefined,
    emit: (topic, payload) => listeners.get(topic)?.(payload),
  };
}

const engine = { reachable: true, host: 'unix:///x', version: '20.10', apiVersion: '1.41', error: null, hint: null, checkedAt: 1 };

describe('createClient', () => {
  it('returns the validated value of a successful call', async () => {
    const t = fakeTransport({ ok: true, value: engine });
    const value = await createClient(t).call('system.checkEngine', {});
    expect(value.version).toBe('20.10');
    expect(t.calls).toEqual([['system.checkEngine', {}]]);
  });

  it('throws an ApiError carrying the code and message of a failed call', async () => {
    const t = fakeTransport({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    const error = await createClient(t).call('settings.get', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('NOT_FOUND');
    expect((error as ApiError).message).toBe('gone');
  });

  it('refuses an answer whose shape does not match the contract', async () => {
    const t = fakeTransport({ ok: true, value: { reachable: 'yes' } });
    await expect(createClient(t).call('system.checkEngine', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('passes only pushes that match the topic schema', () => {
    const t = fakeTransport({ ok: true, value: null });
    const warnings: string[] = [];
    const seen: unknown[] = [];
    createClient(t, (w) => warnings.push(w)).subscribe('engine.status', (p) => seen.push(p));
    t.emit('engine.status', engine);
    t.emit('engine.status', { reachable: 1 });
    expect(seen).toEqual([engine]);
    expect(warnings).toHaveLength(1);
  });
});
