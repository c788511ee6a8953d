import type Docker from 'dockerode';
import type { KeptInstance } from '../../preload/contract';
import { notFound } from '../dispatch/app-error';
import type { InstanceRecord, InstanceRepo } from '../store/instance-repo';
import type { StageRepo } from '../store/stage-repo';

/** What the kept-instances list shows: instances whose container is still there (not being created). */
const shown = (i: InstanceRecord): i is InstanceRecord & { status: KeptInstance['status'] } =>
  i.containerId !== null && (i.status === 'live' || i.status === 'draining' || i.status === 'stopped');

/** The image's size on the engine, or null when it is gone or the engine does not answer (the list still shows). */
async function imageSize(docker: () => Docker, imageRef: string): Promise<number | null> {
  try {
    const info: { Size?: unknown } = await docker().getImage(imageRef).inspect();
    return typeof info.Size === 'number' ? info.Size : null;
  } catch {
    return null;
  }
}

/** A stage's kept instances, newest first, with each image's size (one inspect per distinct image). */
export async function keptInstances(d: { readonly stages: StageRepo; readonly instances: InstanceRepo; readonly docker: (engine?: string) => Docker }, stageId: number): Promise<KeptInstance[]> {
  const stage = d.stages.get(stageId);
  if (!stage) throw notFound('Stage', stageId);
  const kept = d.instances.present(stageId).filter(shown);
  const refs = [...new Set(kept.map((i) => i.imageRef))];
  const sizes = new Map(await Promise.all(refs.map(async (r) => [r, await imageSize(() => d.docker(stage.engine), r)] as const)));
  return kept.map((i) => ({
    instanceId: i.id,
    tag: i.tag,
    digest: i.digest,
    status: i.status,
    sizeBytes: sizes.get(i.imageRef) ?? null,
    createdAt: i.createdAt,
    liveAt: i.liveAt,
    retiredAt: i.retiredAt,
    warmUntil: i.warmUntil,
  }));
}
