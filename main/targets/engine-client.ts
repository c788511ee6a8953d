import type Docker from 'dockerode';
import { LOCAL_ENGINE } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';

/**
 * Why a Swarm target cannot name another engine yet: its stable URL balances over the tasks' host
 * ports on this machine, which a remote engine's tasks do not have.
 */
export const swarmEngineOnly = (name: string): string =>
  `a Swarm service runs on the "${LOCAL_ENGINE}" engine (a manager of the swarm) for now, not on "${name}": Slipway's stable URL reaches the tasks on this machine. Use "${LOCAL_ENGINE}", or deploy containers to "${name}" instead.`;

/** The Docker client a Swarm stage's service is managed through. */
export function engineClient(name: string, local: () => Docker): Docker {
  if (name === LOCAL_ENGINE) return local();
  throw new AppError('INVALID_INPUT', `The stage's target: ${swarmEngineOnly(name)}`);
}
