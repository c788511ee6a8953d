import { describe, expect, it } from 'vitest';
import { kindFromGoMode } from './go-file-mode';

describe('kindFromGoMode', () => {
  it('reads the modes the engine reports', () => {
    // Values seen from dockerd 20.10 `X-Docker-Container-Path-Stat`.
    expect(kindFromGoMode(2147484141)).toBe('dir');
    expect(kindFromGoMode(420)).toBe('file');
    expect(kindFromGoMode(134218239)).toBe('symlink');
    expect(kindFromGoMode(2 ** 25 + 0o644)).toBe('other');
  });
});
