import { notFound } from '../dispatch/app-error';
import type { deliveryMethods } from '../../preload/contract/deliveries';
import type { HandlersOf } from '../dispatch/dispatch';
import type { EventBus } from '../events/bus';
import type { DeliveryRepo } from './delivery-repo';
import type { WebhookIntake } from './intake';
import type { VendorSecretStore } from './vendor-secrets';

export interface DeliveryHandlerDeps {
  readonly deliveries: DeliveryRepo;
  readonly intake: WebhookIntake;
  readonly secrets: VendorSecretStore;
  readonly bus: EventBus;
}

export function deliveryHandlers(
  d: DeliveryHandlerDeps,
): HandlersOf<typeof deliveryMethods> {
  return {
    'deliveries.list': (f) => ({ deliveries: d.deliveries.list(f) }),
    'deliveries.get': ({ id }) => {
      const delivery = d.deliveries.get(id);
      if (!delivery) throw notFound('Delivery', id);
      return delivery;
    },
    'deliveries.replay': ({ id }) => d.intake.replay(id),
    'webhook.secrets': () => ({ secrets: d.secrets.states() }),
    'webhook.setSecret': ({ kind, secret }) => {
      d.secrets.set(kind, secret);
      d.bus.emit({
        type: 'webhook.secret-changed',
        level: 'warn',
        message: secret === null ? `The ${kind} signing secret was removed: its requests are accepted unsigned.` : `The ${kind} signing secret was set: unsigned or wrongly signed ${kind} requests are refused.`,
        data: { kind, configured: secret !== null },
      });
      return { secrets: d.secrets.states() };
    },
  };
}
