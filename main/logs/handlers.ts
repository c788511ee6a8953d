import type { PartialHandlers } from '../dispatch/dispatch';
import type { LogService } from './log-service';

export function logHandlers(service: LogService): PartialHandlers<'logs.subscribe' | 'logs.renew' | 'logs.unsubscribe'> {
  return {
    'logs.subscribe': ({ source, tail, since }) => service.subscribe(source, tail, since),
    'logs.renew': ({ subscriptionId }) => {
      service.renew(subscriptionId);
      return { ok: true as const };
    },
    'logs.unsubscribe': ({ subscriptionId }) => {
      service.unsubscribe(subscriptionId);
      return { ok: true as const };
    },
  };
}
