import { describe, expect, it } from 'vitest';
import { detectComposeCli } from '../../main/sources/compose/compose-cli';

// The CLI is a real program on this machine (CI installs Debian's docker-compose): no engine needed to find it.
describe('Compose CLI detection', () => {
  it('finds the installed Compose CLI and its version', async () => {
    const cli = await detectComposeCli();
    expect(cli).not.toBeNull();
    expect(cli?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(cli?.command[0]).toMatch(/^docker(-compose)?$/);
  });
});
