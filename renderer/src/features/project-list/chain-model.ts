import type { AppEvent } from '../../../../preload/contract';
import type { Deploy, DeployProgress, DeployStepName } from '../../../../preload/contract/deploys';
import type { Stage } from '../../../../preload/contract/projects';
import type { Tone } from '../../state/engine-model';

/** Stages in chain order: each stage after its upstream (dev → staging → prod); unrelated ones by id. */
export function orderChain(stages: readonly Stage[]): readonly Stage[] {
  const byId = new Map(stages.map((s) => [s.id, s]));
  const depth = (s: Stage, seen = new Set<number>()): number => {
    if (s.upstreamStageId === null || seen.has(s.id)) return 0;
    seen.add(s.id);
    const up = byId.get(s.upstreamStageId);
    return up ? depth(up, seen) + 1 : 0;
  };
  return [...stages].sort((a, b) => depth(a) - depth(b) || a.id - b.id);
}

export const shortDigest = (digest: string | null | undefined): string => (digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '');

export interface UpdateNotice {
  readonly tag: string;
  readonly ts: number;
  /** The tag waits for the stage's update window and deploys then (auto-deploy on). */
  readonly deploysAt: number | null;
}

/** "Update available" per stage: the newest such event not followed by a deploy of that stage created after it. */
export function pendingUpdates(events: readonly AppEvent[], deploys: readonly Deploy[]): ReadonlyMap<number, UpdateNotice> {
  const out = new Map<number, UpdateNotice>();
  for (const e of events) {
    if (e.type !== 'update.available' || e.stageId === null) continue;
    const tag = typeof e.data['tag'] === 'string' ? e.data['tag'] : null;
    if (tag === null) continue;
    const known = out.get(e.stageId);
    const deploysAt = typeof e.data['deploysAt'] === 'number' ? e.data['deploysAt'] : null;
    if (!known || known.ts < e.ts) out.set(e.stageId, { tag, ts: e.ts, deploysAt });
  }
  for (const d of deploys) {
    const u = out.get(d.stageId);
    if (u && d.createdAt >= u.ts && d.status !== 'failed') out.delete(d.stageId);
  }
  return out;
}

const stepOrder: readonly DeployStepName[] = ['pull', 'create', 'start', 'health', 'switch', 'drain', 'cleanup'];

/** How far a running deploy is, 0..1, from its steps (and pull bytes while pulling). */
export function deployFraction(progress: DeployProgress | null, deploy: Deploy | null): number {
  const step = progress?.step ?? deploy?.steps.at(-1)?.name ?? null;
  if (step === null) return 0.02;
  const i = stepOrder.indexOf(step);
  let within = progress?.status === 'done' ? 1 : 0.3;
  if (step === 'pull' && progress?.pull && progress.pull.total > 0) within = progress.pull.current / progress.pull.total;
  return Math.min(1, (i + within) / stepOrder.length);
}

export interface StageView {
  readonly tone: Tone;
  /** One short word for the state, shown next to the dot. */
  readonly state: string;
  readonly liveTag: string | null;
  readonly digest: string;
  readonly lastDeploy: Deploy | null;
  /** Set when the last deploy failed: what happened, and that the old version still serves. */
  readonly problem: string | null;
  readonly update: UpdateNotice | null;
  readonly deploying: { readonly deployId: number; readonly fraction: number; readonly step: string } | null;
}

/** Everything a stage card shows, from the stage, its deploys (newest first), live progress and pending updates. */
export function stageView(stage: Stage, deploys: readonly Deploy[], progress: ReadonlyMap<number, DeployProgress>, updates: ReadonlyMap<number, UpdateNotice>): StageView {
  const own = deploys.filter((d) => d.stageId === stage.id);
  const finished = own.find((d) => d.finishedAt !== null && d.status !== 'superseded' && d.status !== 'skipped') ?? null;
  const live = stage.live;
  const pending = updates.get(stage.id) ?? null;
  // With auto-deploy on, only a tag held for the update window is still an update to show.
  const update = stage.autoDeploy && pending?.deploysAt == null ? null : pending;
  // A static site has no container: what it serves is a commit.
  const site = stage.site ?? null;
  const base = { liveTag: live?.tag ?? site?.ref ?? null, digest: site && !live ? site.shortSha : shortDigest(live?.digest), lastDeploy: finished, update };
  if (stage.activeDeployId !== null) {
    const p = progress.get(stage.activeDeployId) ?? null;
    const d = own.find((x) => x.id === stage.activeDeployId) ?? null;
    return { ...base, tone: 'busy', state: 'deploying', problem: null, deploying: { deployId: stage.activeDeployId, fraction: deployFraction(p, d), step: p?.step ?? d?.status ?? 'queued' } };
  }
  if (finished?.status === 'failed') {
    const serving = live ? ` ${live.tag} still serves.` : '';
    return { ...base, tone: 'bad', state: 'failed', problem: `Deploy of ${finished.tag} failed: ${finished.error ?? 'no reason recorded'}.${serving}`, deploying: null };
  }
  if (stage.stopped) return { ...base, tone: 'off', state: 'stopped', problem: null, deploying: null };
  if (!live && site) return { ...base, tone: 'ok', state: 'serving', problem: null, deploying: null };
  if (!live) return { ...base, tone: 'off', state: 'empty', problem: null, deploying: null };
  if (!live.running) return { ...base, tone: 'bad', state: 'down', problem: 'The live instance is not running; Slipway is restarting it.', deploying: null };
  return { ...base, tone: 'ok', state: 'healthy', problem: null, deploying: null };
}
