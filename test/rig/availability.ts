import { DEFAULT_RIG, ensureEngine, RigUnavailableError, type RigConfig, type RigState } from './engine';
import { isCi, loudNotice } from './notice';

/** What test workers learn about the rig (serialisable: it crosses from the setup process to workers). */
export type RigAvailability =
  | { readonly available: true; readonly dockerHost: string; readonly registry: string }
  | { readonly available: false; readonly reason: string; readonly install: string };

export interface PrepareOptions {
  readonly config?: RigConfig;
  /** The environment to read CI from and to export DOCKER_HOST / SLIPWAY_TEST_REGISTRY into. */
  readonly env?: NodeJS.ProcessEnv;
  readonly write?: (text: string) => void;
}

/**
 * Ensures the rig for a test run and applies the availability rule: outside CI a missing engine is
 * reported loudly and engine tests skip; with CI=true it is a failure.
 */
export async function prepareRig(options: PrepareOptions = {}): Promise<{ availability: RigAvailability; state: RigState | null }> {
  const env = options.env ?? process.env;
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  try {
    const state = await ensureEngine(options.config ?? DEFAULT_RIG);
    env['DOCKER_HOST'] = state.dockerHost;
    env['SLIPWAY_TEST_REGISTRY'] = state.registry;
    return { availability: { available: true, dockerHost: state.dockerHost, registry: state.registry }, state };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const install = error instanceof RigUnavailableError ? error.install : 'see the log named above';
    if (isCi(env)) throw new Error(`CI=true and the Docker test rig is unavailable: ${reason}\nInstall: ${install}`, { cause: error });
    env['SLIPWAY_TEST_ENGINE'] = 'unavailable';
    write(unavailableNotice(reason, install));
    return { availability: { available: false, reason, install }, state: null };
  }
}

export function unavailableNotice(reason: string, install: string): string {
  return loudNotice('ENGINE TESTS SKIPPED: no Docker engine / registry for the test rig', [
    reason,
    '',
    `Install: ${install}`,
    'Or export DOCKER_HOST=unix:///path/to/docker.sock pointing at a running engine.',
    'With CI=true this is a failure instead of a skip.',
  ]);
}
