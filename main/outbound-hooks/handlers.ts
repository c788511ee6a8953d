import type { PartialHandlers } from '../dispatch/dispatch';
import type { HookService } from './hook-service';

export type HookMethod = 'hooks.create' | 'hooks.list' | 'hooks.update' | 'hooks.remove' | 'hooks.deliveries' | 'hooks.redeliver';

export function hooksHandlers(hooks: HookService): PartialHandlers<HookMethod> {
  return {
    'hooks.create': (input) => hooks.create(input),
    'hooks.list': () => ({ hooks: hooks.list() }),
    'hooks.update': (input) => hooks.update(input),
    'hooks.remove': ({ id }) => {
      hooks.remove(id);
      return { ok: true };
    },
    'hooks.deliveries': (input) => ({ deliveries: hooks.deliveries(input) }),
    'hooks.redeliver': ({ deliveryId }) => hooks.redeliver(deliveryId),
  };
}
