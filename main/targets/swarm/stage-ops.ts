import type { DeployerDeps } from '../../deployer/deps';
import type { StageRecord } from '../../store/stage-repo';
import { serviceNameOf, swarmFor, type SwarmPools } from './pool';

type Deps = Pick<DeployerDeps, 'docker' | 'projects' | 'instances' | 'installId'>;

/** stages.stop on a Swarm stage: the service is scaled to 0 (the next deploy scales it back) and the URL answers 503. */
export async function stopService(d: Deps, pools: SwarmPools, stage: StageRecord): Promise<void> {
  const api = swarmFor(d, stage);
  const name = serviceNameOf(d, stage);
  const service = await api.service(name);
  await pools.apply({ ...stage, stopped: true }, [], null, true);
  if (!service) return;
  const spec = service.Spec as Parameters<typeof api.update>[2];
  await api.update(service.ID, service.Version.Index, { ...spec, Mode: { Replicated: { Replicas: 0 } } }, null);
  const live = d.instances.live(stage.id);
  if (live) d.instances.setStatus(live.id, 'stopped');
}

/** Removing a Swarm stage removes its service (Swarm stops the tasks). Answers 1 when there was one. */
export async function removeService(d: Deps, pools: SwarmPools, stage: StageRecord): Promise<number> {
  const removed = await swarmFor(d, stage).remove(serviceNameOf(d, stage));
  for (const inst of d.instances.present(stage.id)) d.instances.setStatus(inst.id, 'removed');
  pools.forget(stage.id);
  return removed ? 1 : 0;
}
