import type Docker from 'dockerode';
import { AppError } from '../dispatch/app-error';

/** The engine Slipway itself uses (`DOCKER_HOST`, the setting or --docker-host). */
export const LOCAL_ENGINE = 'local';

export const unknownEngine = (name: string): string =>
  `there is no engine named "${name}". Use "${LOCAL_ENGINE}" (the engine Slipway runs on), or add the engine in Settings → Engines first.`;

/**
 * The Docker client of the engine a stage names. Only the local engine is known in this build;
 * engines added in Settings are looked up here too once they exist.
 */
export function engineClient(name: string, local: () => Docker): Docker {
  if (name === LOCAL_ENGINE) return local();
  throw new AppError('INVALID_INPUT', `The stage's target: ${unknownEngine(name)}`);
}
