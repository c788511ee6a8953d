import type { UpdateWindow, UpdateWindowState } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import type { TagActionRepo } from '../intake/tag-action-repo';
import type { StageSubscription } from '../matcher/subscription';
import type { Db } from '../store/db';
import type { Clock } from './clock';
import { describeWindow, windowHold, windowStatus } from './update-window';

export interface UpdateWindowDeps {
  readonly db: Db;
  readonly bus: EventBus;
  readonly clock: Pick<Clock, 'now'>;
  readonly actions: TagActionRepo;
  /** The image stage as the matcher sees it (window included); null when there is none. */
  readonly stage: (stageId: number) => StageSubscription | null;
  readonly stageExists: (stageId: number) => boolean;
  /** Owed deploys should be looked at again (a hold moved). */
  readonly wake: () => void;
}

/** A stage's update window: read, set (held tags move with it), and what waits for it. */
export class UpdateWindows {
  constructor(private readonly d: UpdateWindowDeps) {}

  get(stageId: number): UpdateWindowState {
    const s = this.require(stageId);
    const w = s.updateWindow ?? null;
    const status = w ? windowStatus(w, this.d.clock.now()) : null;
    return {
      stageId,
      window: w,
      description: w ? describeWindow(w) : null,
      openNow: status?.open ?? true,
      nextOpenAt: status?.nextOpenAt ?? null,
      held: this.d.actions.held(stageId),
    };
  }

  set(stageId: number, window: UpdateWindow | null): UpdateWindowState {
    const s = this.require(stageId);
    const w = window ? { days: [...new Set(window.days)].sort((a, b) => a - b), from: window.from, to: window.to } : null;
    this.d.db.transaction(() => {
      this.d.db.prepare('UPDATE stages SET update_window = ? WHERE id = ?').run(w ? JSON.stringify(w) : null, stageId);
      // Tags already waiting follow the new window (or go now, without one).
      this.d.actions.rehold(stageId, windowHold(w, this.d.clock.now()));
    })();
    this.d.wake();
    this.d.bus.emit({
      type: 'update-window.changed',
      projectId: s.projectId,
      stageId,
      message: `${s.project}/${s.stage}: ${w ? `auto-deploys only ${describeWindow(w)} (local time)` : 'auto-deploys at any time'}`,
      data: { window: w },
    });
    return this.get(stageId);
  }

  private require(stageId: number): StageSubscription {
    const s = this.d.stage(stageId);
    if (s) return s;
    if (!this.d.stageExists(stageId)) throw notFound('Stage', stageId);
    throw new AppError('INVALID_INPUT', 'Update windows hold image tags; a static site deploys its branch’s pushes instead.');
  }
}
