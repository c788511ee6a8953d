import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { z } from 'zod';
import { dockerOptions } from '../../main/docker/endpoint';
import { withRigLock } from './lock';
import { rigPaths, type RigPaths } from './paths';
import { readRigState, updateRigState } from './state';

const InfoSchema = z.looseObject({ Swarm: z.looseObject({ LocalNodeState: z.string() }).optional() });
const SwarmSpecSchema = z.looseObject({ Spec: z.looseObject({ Labels: z.record(z.string(), z.string()).nullable().optional() }).optional() });

/** Labels on the swarm's own spec that say the rig made it, for which run, and that run's process. */
export const RIG_SWARM_LABEL = 'dev.slipway.rig.swarm';
const RUN_LABEL = 'dev.slipway.rig.run';
const PID_LABEL = 'dev.slipway.rig.pid';

/** What the rig made a swarm for: one test run (vitest's, a bench's), and the process that runs it. */
export interface RigSwarmMark {
  readonly run: string;
  readonly pid: number;
}

/**
 * What to do with the engine's swarm at the start of a run:
 * - init: not in a swarm; make one (marked as the rig's).
 * - reuse: a swarm the rig did not make (a developer's own, never left), the one this run made, or
 *   one a run that is still going made (pulling it away would break that run's services).
 * - renew: a swarm an earlier, finished run made: leave it and make a fresh one.
 */
export function planSwarm(o: { readonly state: string; readonly mark: RigSwarmMark | null; readonly run: RigSwarmMark; readonly alive: (pid: number) => boolean }): 'init' | 'reuse' | 'renew' {
  if (o.state === 'inactive') return 'init';
  if (o.state !== 'active' || o.mark === null) return 'reuse';
  if (o.mark.run === o.run.run) return 'reuse';
  if (o.mark.pid !== o.run.pid && o.alive(o.mark.pid)) return 'reuse';
  return 'renew';
}

/** The mark on the swarm's spec, or null when the rig did not make it (or this node cannot read it: not a manager). */
export function markOf(labels: Readonly<Record<string, string>> | null | undefined): RigSwarmMark | null {
  if (labels?.[RIG_SWARM_LABEL] !== 'true') return null;
  const pid = Number(labels[PID_LABEL]);
  return { run: labels[RUN_LABEL] ?? '', pid: Number.isInteger(pid) && pid > 0 ? pid : 0 };
}

/** This run: vitest's global setup names it (its temporary folder) and its process; elsewhere the process alone. */
export function currentRun(env: NodeJS.ProcessEnv = process.env): RigSwarmMark {
  const pid = Number(env['SLIPWAY_RUN_PID']);
  const owner = Number.isInteger(pid) && pid > 0 ? pid : process.pid;
  return { run: env['SLIPWAY_RUN_TMP'] ?? `pid:${String(owner)}`, pid: owner };
}

function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust the signal check
  }
}

async function nodeState(docker: Docker): Promise<string> {
  return InfoSchema.parse(await docker.info()).Swarm?.LocalNodeState ?? 'inactive';
}

async function swarmMark(docker: Docker): Promise<RigSwarmMark | null> {
  try {
    return markOf(SwarmSpecSchema.parse(await docker.swarmInspect()).Spec?.Labels);
  } catch {
    return null;
  }
}

/**
 * Puts the engine in swarm mode (`docker swarm init --advertise-addr 127.0.0.1`), a fresh swarm per
 * run: a swarm an earlier run of the rig made is left and made again, so no service or task of an
 * earlier run is in the way. A swarm the rig did not make is used as it is and never left. The swarm
 * stays after the run (the next run renews it; `rig down` leaves it). Other tests keep using the
 * same engine for plain containers meanwhile: swarm mode does not change those.
 */
export async function ensureSwarm(dockerHost: string, paths: RigPaths = rigPaths, run: RigSwarmMark = currentRun()): Promise<{ readonly created: boolean; readonly renewed: boolean }> {
  const docker = new Docker(dockerOptions(dockerHost));
  return withRigLock(paths, async () => {
    const state = await nodeState(docker);
    const plan = planSwarm({ state, mark: state === 'active' ? await swarmMark(docker) : null, run, alive });
    if (plan === 'reuse') return { created: false, renewed: false };
    if (plan === 'renew') await docker.swarmLeave({ force: true });
    const labels = { [RIG_SWARM_LABEL]: 'true', [RUN_LABEL]: run.run, [PID_LABEL]: String(run.pid) };
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1', Spec: { Labels: labels } });
    updateRigState(paths, (s) => ({ ...s, swarm: { dockerHost, startedAt: new Date().toISOString() } }));
    return { created: true, renewed: plan === 'renew' };
  });
}

/** Leaves the swarm the rig made (force: this node is its only manager). Call with the rig lock held. */
export async function leaveRigSwarm(paths: RigPaths): Promise<boolean> {
  const made = readRigState(paths).swarm;
  if (!made) return false;
  const docker = new Docker(dockerOptions(made.dockerHost));
  let left = false;
  // Only a swarm that carries the rig's mark: one a developer made meanwhile stays.
  if ((await nodeState(docker).catch(() => 'unreachable')) === 'active' && (await swarmMark(docker)) !== null) {
    await docker.swarmLeave({ force: true });
    left = true;
  }
  updateRigState(paths, (s) => ({ ...s, swarm: undefined }));
  return left;
}
