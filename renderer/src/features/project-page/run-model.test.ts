import { describe, expect, it } from 'vitest';
import { runForm, runFromForm, type RunForm } from './run-model';

const empty: RunForm = { command: '', entrypoint: '', user: '', workingDir: '', network: '', aliases: '' };

describe('runFromForm', () => {
  it("keeps the image's own settings when every field is empty", () => {
    expect(runFromForm(empty)).toEqual({ run: {} });
  });

  it('takes one argument per line, trims, and splits aliases on commas or spaces', () => {
    expect(runFromForm({ ...empty, command: 'serve\n --port \n\n8080\n', user: ' 1000:1000 ', workingDir: '/srv', network: 'acme', aliases: 'api, api2 db' })).toEqual({
      run: { command: ['serve', '--port', '8080'], user: '1000:1000', workingDir: '/srv', network: { name: 'acme', aliases: ['api', 'api2', 'db'] } },
    });
  });

  it("names the field the contract refuses, with the contract's words", () => {
    const r = runFromForm({ ...empty, workingDir: 'srv', network: 'bad name!' });
    expect(r).toEqual({ errors: { workingDir: expect.stringMatching(/absolute path/), network: expect.stringMatching(/letters, digits/) } });
    expect(runFromForm({ ...empty, aliases: 'api' })).toEqual({ errors: { aliases: 'Aliases need a network: give its name.' } });
  });

  it('round-trips a saved setting through the form', () => {
    const run = { command: ['a', 'b c'], entrypoint: ['/bin/sh', '-c'], user: 'node', workingDir: '/app', network: { name: 'acme', aliases: ['api'] } };
    expect(runFromForm(runForm(run))).toEqual({ run });
  });
});
