import type { PollResult, ScheduleAction, ScheduleRun } from '../../preload/contract';
import type { Enqueued, EnqueueRequest } from '../deployer/queue';
import type { DeployRecord } from '../store/deploy-repo';
import { newestTags } from '../matcher/tag-order';

/** The stage a schedule acts on, as the matcher sees it (image projects only). */
export interface ScheduleTarget {
  readonly stageId: number;
  readonly projectId: number;
  readonly project: string;
  readonly stage: string;
  readonly image: string;
  readonly tagPattern: string;
  readonly semverRange: string | null;
}

export type RunResult = Omit<ScheduleRun, 'at'>;

/** What a schedule's run does; `why` goes on the deploy it queues. */
export type ScheduleActionRunner = (action: ScheduleAction, target: ScheduleTarget, why: string, signal: AbortSignal) => Promise<RunResult>;

export interface ScheduleActionDeps {
  readonly enqueue: (req: EnqueueRequest) => Enqueued;
  readonly restart: (stageId: number, via: { trigger: 'schedule'; reason: string }) => Enqueued;
  readonly waitFor: (deployId: number) => Promise<DeployRecord>;
  readonly listTags: (repository: string, signal: AbortSignal) => Promise<string[]>;
  readonly pollNow: (stageId: number) => Promise<PollResult>;
}

/** Runs schedule actions through the deploy queue and the poller; a run lasts until the deploy it queued has finished. */
export function scheduleActionRunner(d: ScheduleActionDeps): ScheduleActionRunner {
  const settle = async (e: Enqueued, what: string, signal: AbortSignal): Promise<RunResult> => {
    const id = e.deploy.id;
    if (e.verdict === 'skipped') return { ok: true, outcome: `${what}: ${e.deploy.tag} is already live, nothing to do`, deployId: id };
    const stopped = new Promise<null>((resolve) => {
      if (signal.aborted) resolve(null);
      signal.addEventListener('abort', () => resolve(null), { once: true });
    });
    const done = await Promise.race([d.waitFor(id), stopped]);
    if (done === null) return { ok: false, outcome: `${what}: Slipway stopped before deploy #${String(id)} finished (it resumes at the next start)`, deployId: id };
    switch (done.status) {
      case 'succeeded':
        return { ok: true, outcome: `${what}: ${done.tag} is live (deploy #${String(id)})`, deployId: id };
      case 'skipped':
        return { ok: true, outcome: `${what}: ${done.tag} is already live, nothing to do`, deployId: id };
      case 'superseded':
        return { ok: true, outcome: `${what}: deploy #${String(id)} was replaced by a newer deploy`, deployId: id };
      default:
        return { ok: false, outcome: `${what}: deploy #${String(id)} of ${done.tag} failed: ${done.error ?? 'no reason recorded'}`, deployId: id };
    }
  };

  return async (action, t, why, signal) => {
    switch (action) {
      case 'redeploy-newest': {
        const tags = await d.listTags(t.image, signal);
        const newest = newestTags(tags, { pattern: t.tagPattern, semverRange: t.semverRange })[0];
        if (newest === undefined) return { ok: false, outcome: `redeploy the newest tag: no tag of ${t.image} matches "${t.tagPattern}"${t.semverRange ? ` within ${t.semverRange}` : ''}`, deployId: null };
        return settle(d.enqueue({ stageId: t.stageId, tag: newest, trigger: 'schedule', reason: why }), 'redeploy the newest tag', signal);
      }
      case 'restart':
        return settle(d.restart(t.stageId, { trigger: 'schedule', reason: why }), 'restart', signal);
      case 'check': {
        const r = await d.pollNow(t.stageId);
        const s = r.stages.find((x) => x.stageId === t.stageId);
        if (!s) return { ok: false, outcome: 'check now: the stage was not polled', deployId: null };
        if (s.error !== null) return { ok: false, outcome: `check now: ${s.error}`, deployId: null };
        if (s.baseline) return { ok: true, outcome: 'check now: first check, the tags there now were recorded (nothing deployed)', deployId: null };
        if (s.found.length === 0) return { ok: true, outcome: 'check now: nothing new', deployId: null };
        const f = s.found.map((x) => `${x.tag} (${x.action}${x.deployId !== null ? ` #${String(x.deployId)}` : ''})`).join(', ');
        return { ok: true, outcome: `check now: found ${f}`, deployId: s.found.find((x) => x.deployId !== null)?.deployId ?? null };
      }
    }
  };
}
