import { AppError } from '../../dispatch/app-error';
import { LABEL } from '../../deployer/container-spec';
import { removeContainer } from '../../deployer/containers';
import type { DeployerDeps } from '../../deployer/deps';
import { memberRefs } from '../../deployer/instance-members';
import type { ImageFacts } from '../../deployer/image';
import type { Retirer } from '../../deployer/retirer';
import { DeployRunner } from '../../deployer/runner';
import type { StageRecord } from '../../store/stage-repo';
import type { PromoteTarget, Source, StagePass } from '../source';
import { ImageSteps } from './image-steps';
import { ImagePorts, restoreExtraPorts } from './image-ports';
import { reconcileImageStage } from './reconcile-stage';

/**
 * The `image` kind: one container per instance from the project's image, swapped blue-green behind
 * the stage's stable port (and its extra ports behind theirs). Its deploy steps are `ImageSteps`,
 * shaped by `ImagePorts`, driven by the shared runner.
 */
export class ImageSource implements Source {
  private readonly runner: DeployRunner<ImageFacts>;

  constructor(
    private readonly d: DeployerDeps,
    private readonly retirer: Retirer,
  ) {
    this.runner = new DeployRunner(d, new ImageSteps(d, (stageId) => retirer.kick(stageId), new ImagePorts(d)));
  }

  readonly reconcile = async (stage: StageRecord, pass: StagePass): Promise<void> => {
    await reconcileImageStage(this.d, (id) => this.retirer.kick(id), stage, pass);
    await restoreExtraPorts(this.d, stage);
  };

  run(deployId: number, signal: AbortSignal): ReturnType<Source['run']> {
    return this.runner.run(deployId, signal);
  }

  /** The upstream stage's live digest (not its tag, which may have moved since). */
  promoteTarget(stage: StageRecord, upstream: StageRecord): PromoteTarget {
    const live = this.d.instances.live(upstream.id);
    if (!live) throw new AppError('CONFLICT', `Nothing is live on ${upstream.name}, so there is nothing to promote to ${stage.name}.`);
    return { tag: live.tag, digest: live.digest, from: live.deployId !== null ? `deploy #${String(live.deployId)}` : '', force: false };
  }

  /** Removes every container of the stage: labelled ones on the engine and those its rows name. */
  async tearDown(stageId: number): Promise<number> {
    const stage = this.d.stages.get(stageId);
    let docker;
    try {
      docker = this.d.docker(stage?.engine);
    } catch (error) {
      // An engine that does not answer must not keep a stage from being removed; what it still runs is said.
      const left = this.d.instances.present(stageId);
      for (const inst of left) this.d.instances.setStatus(inst.id, 'removed');
      if (left.length > 0 && stage) {
        this.d.bus.emit({ type: 'stage.containers-left', level: 'warn', message: `${stage.name} was removed while the engine "${stage.engine}" did not answer: ${left.map((i) => i.containerName).join(', ')} may still be there; remove them by hand (docker rm -f).`, stageId, data: { engine: stage.engine, error: error instanceof Error ? error.message : String(error) } });
      }
      return 0;
    }
    const labelled = await docker.listContainers({ all: true, filters: { label: [`${LABEL.install}=${this.d.installId}`, `${LABEL.stage}=${String(stageId)}`] } });
    const names = new Set(labelled.map((c) => c.Id));
    for (const inst of this.d.instances.present(stageId)) for (const ref of [inst.containerId ?? inst.containerName, ...memberRefs(this.d.instances, inst.id)]) names.add(ref);
    let count = 0;
    for (const idOrName of names) if (await removeContainer(docker, idOrName)) count++;
    for (const inst of this.d.instances.present(stageId)) this.d.instances.setStatus(inst.id, 'removed');
    return count;
  }
}
