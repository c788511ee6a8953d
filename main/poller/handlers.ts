import type { pollerMethods } from '../../preload/contract/poller';
import type { HandlersOf } from '../dispatch/dispatch';
import type { PollService } from './poll-service';
import { nextRuns } from './schedule-preview';

export function pollerHandlers(poller: PollService): HandlersOf<typeof pollerMethods> {
  return {
    'poller.pollNow': ({ stageId }) => poller.pollNow(stageId),
    'poller.status': () => poller.status(),
    'poller.previewSchedule': ({ schedule }) => {
      const runs = nextRuns(schedule.trim(), 3);
      return runs === null
        ? { valid: false, message: `"${schedule}" is not a cron expression. Example: "*/15 * * * *" (every 15 minutes).`, nextRuns: [] }
        : { valid: true, message: null, nextRuns: runs };
    },
    'poller.setSchedule': ({ stageId, schedule }) => poller.setSchedule(stageId, schedule),
  };
}
