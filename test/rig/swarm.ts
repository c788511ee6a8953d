import Docker from 'dockerode';
import { z } from 'zod';
import { dockerOptions } from '../../main/docker/endpoint';
import { withRigLock } from './lock';
import { rigPaths, type RigPaths } from './paths';
import { readRigState, updateRigState } from './state';

const InfoSchema = z.looseObject({ Swarm: z.looseObject({ LocalNodeState: z.string() }).optional() });

async function nodeState(docker: Docker): Promise<string> {
  return InfoSchema.parse(await docker.info()).Swarm?.LocalNodeState ?? 'inactive';
}

/**
 * Puts the engine in swarm mode (`docker swarm init --advertise-addr 127.0.0.1`) unless it already
 * is, and records that the rig did, so that `rig down` leaves the swarm again. Other tests keep
 * using the same engine for plain containers meanwhile: swarm mode does not change those.
 */
export async function ensureSwarm(dockerHost: string, paths: RigPaths = rigPaths): Promise<{ readonly created: boolean }> {
  const docker = new Docker(dockerOptions(dockerHost));
  return withRigLock(paths, async () => {
    if ((await nodeState(docker)) === 'active') return { created: false };
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    updateRigState(paths, (s) => ({ ...s, swarm: { dockerHost, startedAt: new Date().toISOString() } }));
    return { created: true };
  });
}

/** Leaves the swarm the rig made (force: this node is its only manager). Call with the rig lock held. */
export async function leaveRigSwarm(paths: RigPaths): Promise<boolean> {
  const made = readRigState(paths).swarm;
  if (!made) return false;
  const docker = new Docker(dockerOptions(made.dockerHost));
  let left = false;
  if ((await nodeState(docker).catch(() => 'unreachable')) === 'active') {
    await docker.swarmLeave({ force: true });
    left = true;
  }
  updateRigState(paths, (s) => ({ ...s, swarm: undefined }));
  return left;
}
