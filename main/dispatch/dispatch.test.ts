import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from './dispatch';
import { AppError } from './app-error';

function handlersWith(overrides: Partial<Record<string, (input: unknown) => unknown>>): Handlers {
  return new Proxy({} as Handlers, {
    get: (_t, key: string) => overrides[key] ?? (() => { throw new Error(`unexpected call ${key}`); }),
  });
}

describe('dispatch', () => {
  it('refuses unknown methods with a stable code', async () => {
    const dispatch = createDispatch(handlersWith({}), () => undefined);
    const r = await dispatch('nope.nothing', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('validates input before the handler runs and names the bad field', async () => {
    let ran = false;
    const dispatch = createDispatch(handlersWith({ 'settings.update': () => { ran = true; return {}; } }), () => undefined);
    const r = await dispatch('settings.update', { webhookPort: 70000 });
    expect(ran).toBe(false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toContain('webhookPort');
    }
  });

  it('refuses a tag that can never exist before the handler queues it, and says why', async () => {
    let ran = false;
    const dispatch = createDispatch(handlersWith({ 'stages.deploy': () => { ran = true; return {}; } }), () => undefined);
    for (const tag of ['bad tag!', '-rc1', '.hidden', 'x'.repeat(129), '']) {
      const r = await dispatch('stages.deploy', { stageId: 1, tag });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!r.ok) expect(r.error.message).toMatch(/can never be an image tag: it (contains|starts with|is)/);
    }
    expect(ran).toBe(false);
  });

  it('says in one sentence which field was misspelt', async () => {
    const dispatch = createDispatch(handlersWith({}), () => undefined);
    const r = await dispatch('projects.create', { imag: 'localhost:5000/acme/web' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown field "imag" — did you mean "image"?' } });
  });

  it('rejects unknown keys instead of ignoring them', async () => {
    const dispatch = createDispatch(handlersWith({}), () => undefined);
    const r = await dispatch('settings.update', { webhookprot: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('passes AppErrors through as values', async () => {
    const dispatch = createDispatch(handlersWith({ 'system.checkEngine': () => { throw new AppError('ENGINE_UNAVAILABLE', 'Start Docker.'); } }), () => undefined);
    expect(await dispatch('system.checkEngine', {})).toEqual({ ok: false, error: { code: 'ENGINE_UNAVAILABLE', message: 'Start Docker.' } });
  });

  it('turns bugs into INTERNAL and reports them', async () => {
    const bugs: string[] = [];
    const dispatch = createDispatch(handlersWith({ 'system.checkEngine': () => { throw new TypeError('boom'); } }), (m) => bugs.push(m));
    const r = await dispatch('system.checkEngine', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(bugs).toEqual(['system.checkEngine']);
  });

  it('checks the handler output against the contract', async () => {
    const bugs: string[] = [];
    const dispatch = createDispatch(handlersWith({ 'webhook.info': () => ({ url: 5 }) }), (m) => bugs.push(m));
    const r = await dispatch('webhook.info', {});
    expect(r.ok).toBe(false);
    expect(bugs).toEqual(['webhook.info']);
  });

  it('applies input defaults', async () => {
    let seen: unknown;
    const dispatch = createDispatch(handlersWith({ 'events.list': (input) => { seen = input; return { events: [] }; } }), () => undefined);
    await dispatch('events.list', {});
    expect(seen).toEqual({ limit: 200 });
  });
});
