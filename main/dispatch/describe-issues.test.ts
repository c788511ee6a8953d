import { describe, expect, it } from 'vitest';
import { methods } from '../../preload/contract';
import { closest, describeIssues, objectKeysAt } from './describe-issues';

function messageFor(method: keyof typeof methods, input: unknown): string {
  const schema = methods[method].input;
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`${method} accepted ${JSON.stringify(input)}`);
  return describeIssues(r.error, { schema, input });
}

describe('describeIssues', () => {
  it('turns a misspelt key and the field it was meant to be into one sentence', () => {
    expect(messageFor('projects.create', { imag: 'localhost:5000/acme/web' })).toBe('Unknown field "imag" — did you mean "image"?');
  });

  it('suggests a field of the object even when nothing is missing', () => {
    expect(messageFor('settings.update', { webhookprot: 1 })).toBe('Unknown field "webhookprot" — did you mean "webhookPort"?');
  });

  it('lists the known fields when nothing is close', () => {
    expect(messageFor('stages.deploy', { stageId: 1, tag: '1.0', colour: 'red' })).toBe('Unknown field "colour" (known fields: stageId, tag, ref, wait).');
  });

  it('finds nested objects through arrays and defaults', () => {
    const msg = messageFor('projects.create', { image: 'localhost:5000/acme/web', stages: [{ name: 'dev', tagPatern: '*' }] });
    expect(msg).toContain('Unknown field "stages.0.tagPatern" — did you mean "stages.0.tagPattern"?');
    expect(msg).not.toMatch(/Invalid input|Unrecognized key/);
  });

  it('says a field is missing rather than "received undefined"', () => {
    expect(messageFor('stages.deploy', { tag: '1.0' })).toBe('Missing field "stageId" (a number).');
  });

  it('names the wrong type and the value given', () => {
    expect(messageFor('settings.update', { webhookPort: 'abc' })).toBe('"webhookPort" must be a number, not the string "abc".');
  });

  it('words bounds in plain language', () => {
    expect(messageFor('settings.update', { webhookPort: 70000 })).toBe('"webhookPort" must be at most 65535.');
  });

  it('keeps a message written in the schema, with the field name', () => {
    expect(messageFor('stages.deploy', { stageId: 1, tag: 'bad tag!' })).toBe(
      '"tag": "bad tag!" can never be an image tag: it contains " ", "!"; a tag uses only letters, digits, "_", "." and "-", does not start with "." or "-", and has at most 128 characters (the OCI rule).',
    );
  });

  it('caps the sentence at three problems and counts the rest', () => {
    const msg = messageFor('settings.update', { a1: 1, b2: 2, c3: 3, d4: 4, e5: 5 });
    expect(msg).toMatch(/\(2 more problems\)$/);
  });
});

describe('closest', () => {
  it('accepts a typo and refuses an unrelated word', () => {
    expect(closest('imag', ['image', 'name'])).toBe('image');
    expect(closest('naem', ['image', 'name'])).toBe('name');
    expect(closest('colour', ['stageId', 'tag', 'wait'])).toBeNull();
  });
});

describe('objectKeysAt', () => {
  it('answers no keys for a path that is not an object', () => {
    expect(objectKeysAt(methods['stages.deploy'].input, ['tag'])).toEqual([]);
  });
});
