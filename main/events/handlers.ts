import type { PartialHandlers } from '../dispatch/dispatch';
import type { EventRepo } from '../store/event-repo';

export function eventHandlers(repo: EventRepo): PartialHandlers<'events.list'> {
  return {
    'events.list': (filter) => ({ events: repo.list(filter) }),
  };
}
