import type { DeployProgress, DeployStepName } from '../../../preload/contract';
import type { DeployerDeps } from '../../deployer/deps';
import type { DeployRecord } from '../../store/deploy-repo';

type Rollout = NonNullable<DeployProgress['rollout']>;

/** A Swarm deploy's timeline: each step's record in the store and its live progress push. */
export class StepLog {
  constructor(
    private readonly d: Pick<DeployerDeps, 'deploys' | 'bus'>,
    public dep: DeployRecord,
  ) {}

  begin(step: DeployStepName, status: DeployRecord['status'], detail: string | null = null): void {
    this.dep = this.d.deploys.recordStep(this.dep.id, { name: step, status: 'running', startedAt: Date.now(), detail });
    if (this.dep.status !== status) this.dep = this.d.deploys.update(this.dep.id, { status });
    this.push(step, 'running', detail);
  }

  /** A running step's detail changes (the rolling update's "2/3 updated"); stored too, so a reload shows it. */
  running(step: DeployStepName, detail: string, rollout: Rollout | null): void {
    const prev = this.dep.steps.find((s) => s.name === step);
    if (prev?.detail !== detail) this.dep = this.d.deploys.recordStep(this.dep.id, { name: step, status: 'running', startedAt: prev?.startedAt ?? Date.now(), detail });
    this.push(step, 'running', detail, rollout);
  }

  end(step: DeployStepName, detail: string | null, status: 'done' | 'skipped' | 'failed' = 'done', rollout: Rollout | null = null): void {
    const prev = this.dep.steps.find((s) => s.name === step);
    this.dep = this.d.deploys.recordStep(this.dep.id, { name: step, status, startedAt: prev?.startedAt ?? Date.now(), endedAt: Date.now(), detail });
    this.push(step, status, detail, rollout);
  }

  /** The step under way (the last one begun and not ended), for a failure. */
  current(): DeployStepName {
    return this.dep.steps.findLast((s) => s.endedAt === null)?.name ?? 'create';
  }

  private push(step: DeployStepName, status: DeployProgress['status'], detail: string | null, rollout: Rollout | null = null): void {
    this.d.bus.push('deploy.progress', { deployId: this.dep.id, stageId: this.dep.stageId, step, status, detail, pull: null, health: null, rollout });
  }
}
