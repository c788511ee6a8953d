import type { pollerMethods } from '../../preload/contract/poller';
import type { HandlersOf } from '../dispatch/dispatch';
import type { PollService } from './poll-service';

export function pollerHandlers(poller: PollService): HandlersOf<typeof pollerMethods> {
  return {
    'poller.pollNow': ({ stageId }) => poller.pollNow(stageId),
    'poller.status': () => poller.status(),
    'poller.setSchedule': ({ stageId, schedule }) => poller.setSchedule(stageId, schedule),
  };
}
