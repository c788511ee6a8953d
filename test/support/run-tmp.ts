import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Every temporary folder a test run makes lives under one of these, removed when the run ends. */
export const RUN_TMP_PREFIX = 'slw-run-';

/**
 * Points TMPDIR (what `os.tmpdir()` answers, here and in every worker and child process started
 * afterwards) at a fresh folder for this run, so that whatever a test forgets is still removed.
 * Short on purpose: proxy sockets are made under it and unix socket paths are limited to ~100 bytes.
 */
export function enterRunTmp(env: NodeJS.ProcessEnv = process.env): { readonly dir: string; leave(): void } {
  const previous = env['TMPDIR'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_TMP_PREFIX));
  env['TMPDIR'] = dir;
  env['SLIPWAY_RUN_TMP'] = dir;
  // The run's own process: what the rig makes for this run (a swarm) is not renewed while it lives.
  env['SLIPWAY_RUN_PID'] = String(process.pid);
  return {
    dir,
    leave() {
      if (previous === undefined) delete env['TMPDIR'];
      else env['TMPDIR'] = previous;
      delete env['SLIPWAY_RUN_TMP'];
      delete env['SLIPWAY_RUN_PID'];
      // Kept with SLIPWAY_E2E_KEEP=1, like the e2e data directory, to look at afterwards.
      if (process.env['SLIPWAY_E2E_KEEP'] !== '1') fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
