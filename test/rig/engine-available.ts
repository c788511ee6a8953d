import { describe, inject } from 'vitest';
import type { RigAvailability } from './availability';
import { unavailableNotice } from './availability';
import { isCi } from './notice';

export interface EngineInfo {
  readonly available: boolean;
  /** e.g. `unix:///tmp/slw/docker.sock` ('' when unavailable). */
  readonly dockerHost: string;
  /** `localhost:5000` ('' when unavailable). */
  readonly registry: string;
}

let noticeShown = false;

/**
 * The rig as the global setup left it. Outside CI an unavailable engine yields `available: false`
 * (skip); with CI=true it throws, failing the file.
 */
export function requireEngine(): EngineInfo {
  const rig: RigAvailability = inject('slipwayRig');
  if (rig.available) {
    // Code under test reads the env; make sure this worker has it even if the runner did not pass it on.
    process.env['DOCKER_HOST'] = rig.dockerHost;
    process.env['SLIPWAY_TEST_REGISTRY'] = rig.registry;
    return { available: true, dockerHost: rig.dockerHost, registry: rig.registry };
  }
  if (isCi()) throw new Error(`CI=true and the Docker test rig is unavailable: ${rig.reason}`);
  if (!noticeShown) {
    noticeShown = true;
    process.stderr.write(unavailableNotice(rig.reason, rig.install));
  }
  return { available: false, dockerHost: '', registry: '' };
}

/** `describe` for engine-backed tests: runs with a real engine, skips loudly without one, fails in CI. */
export function describeEngine(name: string, fn: (engine: EngineInfo) => void): void {
  const engine = requireEngine();
  describe.skipIf(!engine.available)(name, () => fn(engine));
}
