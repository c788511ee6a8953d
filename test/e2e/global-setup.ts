import fs from 'node:fs';
import path from 'node:path';
import { playwrightGlobalSetup } from '../rig/playwright-setup';
import { removeInstall } from '../support/cleanup-install';
import { startServe } from '../support/serve';
import { enterRunTmp } from '../support/run-tmp';

/**
 * One `slipway serve` for the e2e run, against the rig's engine and registry.
 * Specs read its runtime.json from SLIPWAY_E2E_RUNTIME.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stopRig = await playwrightGlobalSetup();
  // Playwright passes globalSetup's env to the workers: their temporary folders land here too.
  const runTmp = enterRunTmp();
  const serve = await startServe();
  process.env['SLIPWAY_E2E_RUNTIME'] = path.join(serve.dataDir, 'runtime.json');
  process.env['SLIPWAY_E2E_DATA_DIR'] = serve.dataDir;
  return async () => {
    const code = await serve.stop();
    if (code !== 0) fs.writeSync(2, `slipway serve exited with ${String(code)}:\n${serve.output()}\n`);
    // Kept with SLIPWAY_E2E_KEEP=1 to look at afterwards.
    if (process.env['SLIPWAY_E2E_KEEP'] !== '1') await removeInstall(serve.dataDir);
    runTmp.leave();
    await stopRig();
  };
}
