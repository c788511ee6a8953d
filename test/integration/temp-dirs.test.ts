import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_TMP_PREFIX } from '../support/run-tmp';
import { startServe } from '../support/serve';

describe('temporary folders of a test run', () => {
  it('are all made under the run folder that global teardown removes', () => {
    const root = process.env['SLIPWAY_RUN_TMP'] ?? '';
    expect(path.basename(root)).toMatch(new RegExp(`^${RUN_TMP_PREFIX}`));
    expect(os.tmpdir()).toBe(root);
    const made = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-it-'));
    expect(made.startsWith(`${root}${path.sep}`)).toBe(true);
    fs.rmSync(made, { recursive: true });
  });

  it('a serve that fails to start leaves no data folder behind', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith('slipway-e2e-'));
    await expect(startServe({ args: ['--port', 'not-a-port'] })).rejects.toThrow(/--port must be a port number/);
    expect(fs.readdirSync(os.tmpdir()).filter((e) => e.startsWith('slipway-e2e-'))).toEqual(before);
  });
});
