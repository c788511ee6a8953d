import fs from 'node:fs';
import type { RuntimeInfo } from '../../main/runtime-file';

/** The runtime.json of the serve started by global-setup. */
export function e2eRuntime(): RuntimeInfo {
  const file = process.env['SLIPWAY_E2E_RUNTIME'];
  if (!file) throw new Error('SLIPWAY_E2E_RUNTIME is not set: run the e2e tests through `npx playwright test`.');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RuntimeInfo;
}
