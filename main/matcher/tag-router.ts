import type { MatchAction, Settings } from '../../preload/contract';
import type { EventBus } from '../events/bus';
import { decideAction, deployNotBefore, stagesForTag } from './match';
import type { StageSubscription } from './subscription';
import type { Notifier } from '../notify/notifier';
import type { DeployPort } from '../intake/deploy-port';
import type { TagActionRepo, TagSource } from '../intake/tag-action-repo';
import { describeWindow, windowHold } from '../triggers/update-window';
import { clockTime } from '../triggers/clock';

export interface TagInput {
  /** Canonical repository. */
  readonly repository: string;
  readonly tag: string;
  readonly digest: string | null;
}

export interface PlannedMatch {
  readonly sub: StageSubscription;
  readonly action: MatchAction;
  readonly notBefore: number | null;
  /** Outside the stage's update window: when it opens (the deploy waits for it). */
  readonly windowAt: number | null;
}

/** When a planned deploy will be queued (minimum image age, update window); null means now. */
export function dueAt(m: Pick<PlannedMatch, 'notBefore' | 'windowAt'>): number | null {
  return m.windowAt === null ? m.notBefore : Math.max(m.windowAt, m.notBefore ?? 0);
}

export interface RecordedMatch extends PlannedMatch {
  /** The tag_actions row, for deploy and update-available. */
  readonly actionId: number | null;
  deployId: number | null;
}

export interface RouteContext {
  readonly source: TagSource;
  /** When the image appeared (first seen), for the minimum image age. */
  readonly appearedAt: number;
  readonly deliveryId: number | null;
  /** Why, for the deploy record: "webhook delivery 12 (github package)", "poll: new tag". */
  readonly reason: string;
}

export interface TagRouterDeps {
  readonly actions: TagActionRepo;
  readonly bus: EventBus;
  readonly notifier: Notifier;
  readonly settings: () => Settings;
  /** Null until the deployer is available: deploys then stay owed and are queued later. */
  readonly queue: () => DeployPort | null;
  /** Told when a deploy is owed for later (minimum image age). */
  readonly onOwed: () => void;
  readonly now?: () => number;
}

/**
 * Turns one tag into per-stage actions, shared by the webhook intake and the poller:
 * `plan` (reads) and `record` (writes) run inside the caller's transaction, `settle` queues deploys
 * and tells the user about available updates after it has committed.
 */
export class TagRouter {
  private readonly now: () => number;

  constructor(private readonly d: TagRouterDeps) {
    this.now = d.now ?? Date.now;
  }

  plan(tag: TagInput, subs: readonly StageSubscription[], source: TagSource, appearedAt: number): PlannedMatch[] {
    const minAgeMs = this.d.settings().minImageAgeSeconds * 1000;
    const now = this.now();
    return stagesForTag(tag.repository, tag.tag, subs).map((sub) => {
      // The poller's new tags have no digest yet when a webhook already brought them: any digest of the tag counts.
      const acted = this.d.actions.acted(sub.stageId, tag.tag, tag.digest ?? '', source === 'poll');
      const action = decideAction(sub, acted);
      const deploy = action === 'deploy';
      return { sub, action, notBefore: deploy ? deployNotBefore(appearedAt, minAgeMs, now) : null, windowAt: deploy ? windowHold(sub.updateWindow, now) : null };
    });
  }

  record(tag: TagInput, plans: readonly PlannedMatch[], ctx: RouteContext): RecordedMatch[] {
    const createdAt = this.now();
    return plans.map((p) => {
      if (p.action === 'duplicate') return { ...p, actionId: null, deployId: null };
      const actionId = this.d.actions.insert({
        stageId: p.sub.stageId,
        tag: tag.tag,
        digest: tag.digest ?? '',
        action: p.action,
        source: ctx.source,
        deliveryId: ctx.deliveryId,
        reason: ctx.reason,
        notBefore: p.notBefore,
        windowAt: p.windowAt,
        createdAt,
      });
      return { ...p, actionId, deployId: null };
    });
  }

  /**
   * After commit: queue the deploys due now, announce updates available. Fills in deploy ids. The
   * "handed over" marks are written at once, or given to `defer` to be written with the caller's next write.
   */
  async settle(tag: TagInput, recorded: readonly RecordedMatch[], ctx: RouteContext, defer?: (actionId: number, deployId: number | null) => void): Promise<void> {
    let owedLater = false;
    for (const m of recorded) {
      if (m.actionId === null) continue;
      if (m.action === 'update-available') {
        this.announce(tag, m, ctx);
      } else if (m.windowAt !== null) {
        owedLater = true;
        this.announce(tag, m, ctx);
      } else if (m.notBefore !== null) {
        owedLater = true;
      } else {
        const out = await this.handOver(m.sub.stageId, tag.tag, tag.digest, ctx.source, ctx.reason);
        if (!out.handed) continue;
        m.deployId = out.deployId;
        if (defer) defer(m.actionId, out.deployId);
        else this.d.actions.markQueued(m.actionId, out.deployId);
      }
    }
    if (owedLater) this.d.onOwed();
  }

  canQueue(): boolean {
    return this.d.queue() !== null;
  }

  /** Hands one owed deploy to the queue and marks it handed over whatever happens, so it is never queued twice. */
  async enqueue(actionId: number, stageId: number, tag: string, digest: string | null, source: TagSource, reason: string | null): Promise<number | null> {
    const out = await this.handOver(stageId, tag, digest, source, reason);
    if (out.handed) this.d.actions.markQueued(actionId, out.deployId);
    return out.deployId;
  }

  /** Asks the deploy queue; `handed` is false only when there is no queue yet (the deploy stays owed). A refusal is reported. */
  private async handOver(stageId: number, tag: string, digest: string | null, source: TagSource, reason: string | null): Promise<{ handed: boolean; deployId: number | null }> {
    const queue = this.d.queue();
    if (queue === null) return { handed: false, deployId: null };
    try {
      const deploy = await queue.enqueue({
        stageId,
        tag,
        ...(digest ? { digest } : {}),
        trigger: source,
        ...(reason ? { reason } : {}),
      });
      return { handed: true, deployId: deploy.id };
    } catch (error) {
      this.d.bus.emit({
        type: 'deploy.not-queued',
        level: 'warn',
        stageId,
        message: `Could not queue a deploy of ${tag}: ${error instanceof Error ? error.message : String(error)}`,
        data: { tag, digest, source },
      });
      return { handed: true, deployId: null };
    }
  }

  /** "Update available": auto-deploy is off, or the tag waits for the stage's update window (`deploysAt`). */
  private announce(tag: TagInput, m: RecordedMatch, ctx: RouteContext): void {
    const { sub } = m;
    const deploysAt = m.windowAt === null ? null : dueAt(m);
    const why = deploysAt === null || !sub.updateWindow ? 'auto-deploy is off' : `deploys at ${clockTime(deploysAt, this.now())}, when the update window ${describeWindow(sub.updateWindow)} opens`;
    this.d.bus.emit({
      type: 'update.available',
      projectId: sub.projectId,
      stageId: sub.stageId,
      message: `${sub.project}/${sub.stage}: ${tag.tag} is available (${why})`,
      data: { tag: tag.tag, digest: tag.digest, repository: tag.repository, source: ctx.source, deliveryId: ctx.deliveryId, ...(deploysAt !== null ? { deploysAt } : {}) },
    });
    if (!this.d.settings().notifications.updateAvailable) return;
    this.d.notifier.notify({
      title: `Update available: ${sub.project}/${sub.stage}`,
      body: `${tag.repository}:${tag.tag} can be deployed.`,
      level: 'info',
      route: `/projects/${sub.projectId}`,
      action: { label: 'Deploy', method: 'stages.deploy', input: { stageId: sub.stageId, tag: tag.tag } },
    });
  }
}
