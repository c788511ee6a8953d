import { describe, expect, it } from 'vitest';
import { emptyComposeForm, problemLines, problemText, toComposeInput } from './compose-form';

const dev = [{ key: 1, name: 'dev', tagPattern: '*', autoDeploy: true, publicPort: '', maxInstances: '2', upstream: '' }];
const yaml = 'services:\n  web:\n    image: localhost:5000/acme/web\n  db:\n    image: redis:7\n';

describe('toComposeInput', () => {
  it('builds a compose create input with its stages', () => {
    const built = toComposeInput({ ...emptyComposeForm(), image: ' localhost:5000/acme/web ', name: 'shop', yaml }, dev);
    expect(built).toEqual({
      input: {
        kind: 'compose',
        image: 'localhost:5000/acme/web',
        compose: yaml,
        allowHostAccess: false,
        name: 'shop',
        stages: [{ name: 'dev', tagPattern: '*', autoDeploy: true, maxInstances: 2, upstream: null }],
      },
    });
  });

  it('names the fields to fill first', () => {
    const built = toComposeInput(emptyComposeForm(), [{ ...dev[0]!, publicPort: 'x' }]);
    expect(built).toEqual({
      errors: {
        image: expect.stringMatching(/tracked image repository/) as unknown,
        compose: expect.stringMatching(/services map/) as unknown,
        'stages.0.publicPort': expect.stringMatching(/whole number/) as unknown,
      },
    });
  });
});

describe('problem text and lines', () => {
  it('says where, then what', () => {
    expect(problemText({ service: 'web', line: 4, message: 'build: is not supported yet' })).toBe('Line 4 · web: build: is not supported yet');
    expect(problemText({ service: null, line: 1, message: 'no services map' })).toBe('Line 1: no services map');
    expect(problemText({ service: null, line: null, message: 'not YAML' })).toBe('not YAML');
  });

  it('marks each line with a problem once', () => {
    expect([...problemLines([{ service: 'a', line: 3, message: '' }, { service: 'b', line: 3, message: '' }, { service: null, line: null, message: '' }])]).toEqual([3]);
  });
});
