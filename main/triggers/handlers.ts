import type { triggerMethods } from '../../preload/contract/triggers';
import type { HandlersOf } from '../dispatch/dispatch';
import { nextRuns } from '../poller/schedule-preview';
import { cronProblem } from './cron-check';
import type { ScheduleService } from './schedule-service';
import type { UpdateWindows } from './window-service';

export function triggerHandlers(schedules: ScheduleService, windows: UpdateWindows): HandlersOf<typeof triggerMethods> {
  return {
    'schedules.list': ({ stageId }) => ({ schedules: schedules.list(stageId) }),
    'schedules.preview': ({ cron }) => {
      const problem = cronProblem(cron);
      return problem === null ? { valid: true, message: null, nextRuns: nextRuns(cron.trim(), 3) ?? [] } : { valid: false, message: problem, nextRuns: [] };
    },
    'schedules.create': (input) => schedules.create(input),
    'schedules.update': (input) => schedules.update(input),
    'schedules.remove': ({ id }) => {
      schedules.remove(id);
      return { ok: true };
    },
    'schedules.run': ({ id }) => schedules.runNow(id),
    'updateWindow.get': ({ stageId }) => windows.get(stageId),
    'updateWindow.set': ({ stageId, window }) => windows.set(stageId, window),
  };
}
