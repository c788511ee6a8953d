import { describe, expect, it } from 'vitest';
import { defaultName, emptyForm, errorsFromIssues, errorsFromMessage, extraPorts, prefill, toCreateInput } from './project-form';

describe('toCreateInput', () => {
  it('builds the create input from a filled form', () => {
    const f = emptyForm();
    const r = toCreateInput({
      ...f,
      image: ' localhost:5000/acme/web ',
      port: '8080',
      ports: ' 9090, 9091 ',
      healthKind: 'http',
      healthPath: '/health',
      env: [{ key: 1, name: 'TOKEN', value: 's3cret' }],
      volumes: [{ key: 2, scope: 'project', target: '/data', source: '', readOnly: false }],
      memoryMb: '256',
      stages: [...f.stages, { key: 3, name: 'prod', tagPattern: 'v*', autoDeploy: false, publicPort: '8090', maxInstances: '3', upstream: 'dev' }],
    });
    expect(r).toEqual({
      input: {
        image: 'localhost:5000/acme/web',
        port: 8080,
        ports: [9090, 9091],
        health: { kind: 'http', path: '/health' },
        env: { TOKEN: 's3cret' },
        volumes: [{ scope: 'project', target: '/data', readOnly: false }],
        limits: { memoryMb: 256 },
        stages: [
          { name: 'dev', tagPattern: '*', autoDeploy: true, maxInstances: 2, upstream: null },
          { name: 'prod', tagPattern: 'v*', autoDeploy: false, publicPort: 8090, maxInstances: 3, upstream: 'dev' },
        ],
      },
    });
  });
  it('names each field that is not a number or missing', () => {
    const r = toCreateInput({ ...emptyForm(), port: 'http', ports: '9090, web', cpus: '-1', stages: [{ key: 1, name: 'dev', tagPattern: '*', autoDeploy: true, publicPort: 'x', maxInstances: '', upstream: '' }] });
    expect('errors' in r && Object.keys(r.errors).sort()).toEqual(['image', 'limits.cpus', 'port', 'ports', 'stages.0.maxInstances', 'stages.0.publicPort']);
  });
  it('reads extra ports separated by commas or spaces', () => {
    expect(extraPorts('')).toEqual([]);
    expect(extraPorts('9090 9091,9092')).toEqual([9090, 9091, 9092]);
    expect(extraPorts('9090, 90.5')).toBeNull();
  });
});

describe('errors from the contract', () => {
  it('puts issues next to their field', () => {
    expect(errorsFromIssues('bad', { issues: [{ path: ['stages', 0, 'name'], message: 'lower-case only' }, { path: [], message: 'x' }] })).toEqual({ 'stages.0.name': 'lower-case only', form: 'x' });
    expect(errorsFromIssues('whole message', undefined)).toEqual({ form: 'whole message' });
  });
  it('reads a field named at the start of a message', () => {
    expect(errorsFromMessage('stages.1.publicPort: 8080 is taken by another program')).toEqual({ 'stages.1.publicPort': '8080 is taken by another program' });
    expect(errorsFromMessage('The registry did not answer.')).toEqual({ form: 'The registry did not answer.' });
  });
});

describe('prefill and names', () => {
  it('fills port and health from the image without overwriting the user', () => {
    const facts = { exposedPorts: [8080, 9090], hasHealthcheck: true, created: null, suggestedPort: null, suggestedHealth: null };
    expect(prefill(emptyForm(), facts)).toMatchObject({ port: '8080', healthKind: 'docker' });
    expect(prefill({ ...emptyForm(), port: '3000', healthKind: 'tcp' }, facts)).toMatchObject({ port: '3000', healthKind: 'tcp' });
    const suggested = { ...facts, suggestedPort: 9090, suggestedHealth: { kind: 'http' as const, path: '/healthz', timeoutMs: 30_000, anyStatus: false } };
    expect(prefill(emptyForm(), suggested)).toMatchObject({ port: '9090', healthKind: 'http', healthPath: '/healthz' });
  });
  it('derives the default project name from the image', () => {
    expect(defaultName('localhost:5000/acme/Web:1.0')).toBe('web');
  });
});
