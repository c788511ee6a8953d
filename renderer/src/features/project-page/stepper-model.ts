import type { Deploy, DeployProgress, DeployStepName } from '../../../../preload/contract/deploys';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface StepView {
  readonly label: string;
  readonly status: StepStatus;
  readonly detail: string | null;
  /** Pull: bytes so far and in total. */
  readonly bytes: { readonly current: number; readonly total: number } | null;
  /** Health: probes so far and the last answer. */
  readonly health: { readonly attempts: number; readonly last: string | null } | null;
  /** Swarm stages: replicas running (healthy) on the new digest, of all. */
  readonly rollout: { readonly updated: number; readonly total: number } | null;
  /** From the group's first step starting to its last one ending; null until it has ended. */
  readonly durationMs: number | null;
}

/** The five steps a person follows; create is part of Start, cleanup part of Drain. */
const groups: readonly { readonly label: string; readonly steps: readonly DeployStepName[] }[] = [
  { label: 'Pull', steps: ['pull'] },
  { label: 'Start', steps: ['create', 'start'] },
  { label: 'Health', steps: ['health'] },
  { label: 'Switch', steps: ['switch'] },
  { label: 'Drain', steps: ['drain', 'cleanup'] },
];

const rank: Record<StepStatus, number> = { pending: 0, skipped: 1, done: 2, running: 3, failed: 4 };

export function stepperModel(deploy: Deploy | null, progress: DeployProgress | null): readonly StepView[] {
  const recorded = new Map<DeployStepName, { status: StepStatus; detail: string | null }>();
  const times = new Map<DeployStepName, { startedAt: number; endedAt: number | null }>();
  for (const s of deploy?.steps ?? []) {
    recorded.set(s.name, { status: s.status, detail: s.detail });
    times.set(s.name, { startedAt: s.startedAt, endedAt: s.endedAt });
  }
  if (progress) recorded.set(progress.step, { status: progress.status, detail: progress.detail });
  const finished = deploy !== null && deploy.finishedAt !== null;
  return groups.map((g) => {
    const parts = g.steps.map((n) => recorded.get(n)).filter((x) => x !== undefined);
    let status: StepStatus = parts.length === 0 ? 'pending' : parts.reduce<StepStatus>((acc, p) => (rank[p.status] > rank[acc] ? p.status : acc), 'pending');
    // A group is done only when all its steps are (or the deploy finished without failing there).
    if (status === 'done' && parts.length < g.steps.length && !finished) status = 'running';
    const detail = [...parts].reverse().find((p) => p.detail !== null)?.detail ?? null;
    const live = progress !== null && g.steps.includes(progress.step);
    const spans = g.steps.map((n) => times.get(n)).filter((x) => x !== undefined);
    const ended = spans.length > 0 && spans.every((x) => x.endedAt !== null) && (status === 'done' || status === 'failed');
    const durationMs = ended ? Math.max(...spans.map((x) => x.endedAt ?? 0)) - Math.min(...spans.map((x) => x.startedAt)) : null;
    return {
      durationMs,
      label: g.label,
      status,
      detail,
      bytes: live && progress.pull ? { current: progress.pull.current, total: progress.pull.total } : null,
      health: live && progress.health ? { attempts: progress.health.attempts, last: progress.health.last } : null,
      rollout: live && progress.rollout ? { updated: progress.rollout.updated, total: progress.rollout.total } : null,
    };
  });
}
