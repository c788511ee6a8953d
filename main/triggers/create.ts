import type { triggerMethods } from '../../preload/contract/triggers';
import type { HandlersOf } from '../dispatch/dispatch';
import type { EventBus } from '../events/bus';
import type { ChangeDetection } from '../intake/change-detection';
import type { Deployer } from '../deployer/deployer';
import type { Db } from '../store/db';
import { StageRepo } from '../store/stage-repo';
import type { Clock } from './clock';
import { triggerHandlers } from './handlers';
import { scheduleActionRunner, type ScheduleTarget } from './schedule-actions';
import { ScheduleRepo } from './schedule-repo';
import { ScheduleService } from './schedule-service';
import { UpdateWindows } from './window-service';

export interface TriggersOptions {
  readonly db: Db;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly detection: ChangeDetection;
  readonly deployer: Deployer;
}

export interface Triggers {
  readonly schedules: ScheduleService;
  readonly windows: UpdateWindows;
  readonly handlers: HandlersOf<typeof triggerMethods>;
}

/** Stage schedules and update windows over the deploy queue, the poller and the matcher's owed deploys. */
export function createTriggers(o: TriggersOptions): Triggers {
  const stages = new StageRepo(o.db);
  const stageExists = (id: number): boolean => stages.get(id) !== null;
  const target = (stageId: number): ScheduleTarget | null => o.detection.subscriptions.stage(stageId);
  const schedules = new ScheduleService({
    repo: new ScheduleRepo(o.db),
    bus: o.bus,
    clock: o.clock,
    target,
    stageExists,
    run: scheduleActionRunner({
      enqueue: (req) => o.deployer.enqueue(req),
      restart: (stageId, via) => o.deployer.restart(stageId, via),
      waitFor: (id) => o.deployer.waitFor(id),
      listTags: (repository, signal) => o.detection.registry.listTags(repository, { signal }),
      pollNow: (stageId) => o.detection.poller.pollNow(stageId),
    }),
  });
  const windows = new UpdateWindows({
    db: o.db,
    bus: o.bus,
    clock: o.clock,
    actions: o.detection.actions,
    stage: (id) => o.detection.subscriptions.stage(id),
    stageExists,
    wake: () => o.detection.deployerReady(),
  });
  return { schedules, windows, handlers: triggerHandlers(schedules, windows) };
}
