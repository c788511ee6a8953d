import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './data-dir';

describe('resolveDataDir', () => {
  it('prefers the flag, then Electron userData, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(resolveDataDir({ flag: 'rel/dir', electronUserData: '/u', env: {} })).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir({ electronUserData: '/u', env: { XDG_DATA_HOME: '/x' } })).toBe('/u');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/x' } })).toBe('/x/slipway');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'relative' } })).toBe(path.join(os.homedir(), '.local', 'share', 'slipway'));
    expect(resolveDataDir({ env: {} })).toBe(path.join(os.homedir(), '.local', 'share', 'slipway'));
  });
});
