import type Docker from 'dockerode';
import type { InstanceRepo } from '../store/instance-repo';
import { removeContainer, setRestartPolicy, startContainer, stopContainer } from './containers';

/**
 * An instance is one generation: its own container and, for a compose stack with several tracked
 * services, the others' (its members). Whatever starts, stops or removes an instance does the same
 * to its members, so a generation is switched, kept and retired together.
 */
type Members = Pick<InstanceRepo, 'members'>;

const refOf = (m: { containerId: string | null; containerName: string }): string => m.containerId ?? m.containerName;

export async function startMembers(docker: Docker, instances: Members, instanceId: number): Promise<void> {
  for (const m of instances.members(instanceId)) {
    if (!m.containerId) throw new Error(`the ${m.service} container of instance ${String(instanceId)} was never created`);
    try {
      await startContainer(docker, m.containerId);
    } catch (error) {
      throw new Error(`service ${m.service}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Stops the members (each given `graceSec`, in parallel); the restart policy goes with `policyOff`. */
export async function stopMembers(docker: Docker, instances: Members, instanceId: number, graceSec: number, policyOff = false): Promise<void> {
  await Promise.all(
    instances.members(instanceId).map(async (m) => {
      if (!m.containerId) return;
      const result = await stopContainer(docker, m.containerId, graceSec);
      if (result === 'stopped' && policyOff) await setRestartPolicy(docker, m.containerId, 'no');
    }),
  );
}

export async function removeMembers(docker: Docker, instances: Members, instanceId: number): Promise<void> {
  for (const m of instances.members(instanceId)) await removeContainer(docker, refOf(m));
}

/** Sets the restart policy on the members once the generation is live. */
export async function settleMembers(docker: Docker, instances: Members, instanceId: number, policy: string): Promise<void> {
  for (const m of instances.members(instanceId)) if (m.containerId) await setRestartPolicy(docker, m.containerId, policy);
}

/** The members' container ids or names (what a removal of the instance removes). */
export const memberRefs = (instances: Members, instanceId: number): string[] => instances.members(instanceId).map(refOf);
