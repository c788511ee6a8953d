import type { DeployerDeps } from './deps';
import { removeContainer } from './containers';
import { removeMembers } from './instance-members';

/**
 * Keeps at most `maxInstances` instances of a stage (the live one, draining ones, then the newest
 * stopped ones) and removes stopped ones beyond that. Answers the container names removed.
 * A row is marked removed before its container goes, so a rollback cannot pick it up meanwhile
 * (a container left behind by a failed removal is an orphan the reconciler removes).
 */
export async function pruneStage(d: Pick<DeployerDeps, 'instances' | 'docker' | 'stages'>, stageId: number, maxInstances: number): Promise<string[]> {
  const present = d.instances.present(stageId);
  const running = present.filter((i) => i.status === 'live' || i.status === 'draining').length;
  const stopped = present.filter((i) => i.status === 'stopped').sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0) || b.id - a.id);
  const keep = Math.max(0, maxInstances - running);
  const removed: string[] = [];
  for (const inst of stopped.slice(keep)) {
    if (d.instances.get(inst.id)?.status !== 'stopped') continue;
    d.instances.setStatus(inst.id, 'removed');
    const docker = d.docker(d.stages.get(stageId)?.engine);
    await removeContainer(docker, inst.containerId ?? inst.containerName);
    await removeMembers(docker, d.instances, inst.id);
    removed.push(inst.containerName);
  }
  return removed;
}
