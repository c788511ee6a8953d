import { prepareRig } from './availability';
import { stopRig } from './engine';

/**
 * Playwright globalSetup: ensures the rig and exports DOCKER_HOST / SLIPWAY_TEST_REGISTRY to the test
 * workers (Playwright passes globalSetup's process.env on). Returns the teardown, which stops only what
 * this run started. Without an engine outside CI it sets SLIPWAY_TEST_ENGINE=unavailable (tests should skip).
 */
export async function playwrightGlobalSetup(): Promise<() => Promise<void>> {
  const { state } = await prepareRig();
  return async () => {
    if (!state || process.env['SLIPWAY_RIG_KEEP'] === '1') return;
    if (state.startedEngine || state.startedRegistry) await stopRig(state);
  };
}

// Playwright loads globalSetup from a file's default export; this is the one place the project uses one.
