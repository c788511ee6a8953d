import { describe, expect, it } from 'vitest';
import { ProjectUpdateSchema } from '../../../../preload/contract/projects';
import { checkJson, createSchemaFor, patchOf, PatchSchema, toJsonText } from './json-model';

describe('checkJson', () => {
  it('gives the value when the text is JSON the schema accepts', () => {
    const r = checkJson(toJsonText({ image: 'localhost:5000/acme/web', name: 'web' }), createSchemaFor('{}'));
    expect(r.ok).toBe(true);
    expect(r.ok && r.value).toMatchObject({ image: 'localhost:5000/acme/web', name: 'web', env: {}, pullPolicy: 'always' });
  });

  it('says where JSON is broken', () => {
    const r = checkJson('{"image": ', createSchemaFor(''));
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^Not valid JSON: /) as unknown] });
  });

  it('names each field the contract refuses, by its path', () => {
    const r = checkJson('{"image":"x","name":"Bad Name","stages":[{"name":""}]}', createSchemaFor(''));
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.some((e) => e.startsWith('name: project names are lower-case'))).toBe(true);
    expect(errors.some((e) => e.startsWith('stages.0.'))).toBe(true);
  });

  it('checks a definition against its own kind', () => {
    const r = checkJson('{"kind":"compose","image":"localhost:5000/acme/web"}', createSchemaFor('{"kind":"compose"}'));
    expect(r.ok ? [] : r.errors).toEqual([expect.stringMatching(/^compose: /) as unknown]);
    const unknownField = checkJson('{"id":3,"bogus":1}', ProjectUpdateSchema);
    expect(unknownField.ok ? [] : unknownField.errors).toEqual([expect.stringMatching(/^the definition: .*bogus/) as unknown]);
  });
});

describe('patchOf', () => {
  const base = {
    id: 7, kind: 'image' as const, name: 'web', image: 'localhost:5000/acme/web', port: 8080, ports: [9090], health: null, env: { A: '1' }, volumes: [], limits: {},
    pullPolicy: 'always' as const, restartPolicy: 'unless-stopped' as const, stopTimeoutSec: 10, init: true, warmRollbackSec: 120, run: {}, createdAt: 1, updatedAt: 2, stages: [],
  };

  it('shows what projects.update can change, and the contract accepts it back unchanged', () => {
    const patch = patchOf(base);
    expect(patch).toMatchObject({ name: 'web', port: 8080, ports: [9090], env: { A: '1' }, init: true });
    expect(checkJson(toJsonText(patch), PatchSchema).ok).toBe(true);
  });

  it('gives a compose project its file and host access, and a static site its name', () => {
    const compose = patchOf({ ...base, kind: 'compose', compose: { yaml: 'services: {}\n', allowHostAccess: false, tracked: [], companions: [] } });
    expect(compose).toEqual({ name: 'web', health: null, env: { A: '1' }, warmRollbackSec: 120, compose: 'services: {}\n', allowHostAccess: false });
    expect(checkJson(toJsonText(compose), PatchSchema).ok).toBe(true);
    expect(patchOf({ ...base, kind: 'static' })).toEqual({ name: 'web' });
  });
});
