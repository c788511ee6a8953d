import type { PartialHandlers } from '../contract/dispatch';
import type { PollService } from './poll-service';

export function pollerHandlers(poller: PollService): PartialHandlers<'poller.pollNow' | 'poller.status' | 'poller.setSchedule'> {
  return {
    'poller.pollNow': ({ stageId }) => poller.pollNow(stageId),
    'poller.status': () => poller.status(),
    'poller.setSchedule': ({ stageId, schedule }) => poller.setSchedule(stageId, schedule),
  };
}
