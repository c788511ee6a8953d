import type { PartialHandlers } from '../dispatch/dispatch';
import type { ChannelService } from './channel-service';

export type ChannelMethod =
  | 'channels.create'
  | 'channels.list'
  | 'channels.update'
  | 'channels.test'
  | 'channels.remove'
  | 'channels.deliveries'
  | 'channels.redeliver';

export function channelHandlers(channels: ChannelService): PartialHandlers<ChannelMethod> {
  return {
    'channels.create': (input) => channels.create(input),
    'channels.list': () => ({ channels: channels.list() }),
    'channels.update': (input) => channels.update(input),
    'channels.test': ({ id }) => channels.test(id),
    'channels.remove': ({ id }) => {
      channels.remove(id);
      return { ok: true };
    },
    'channels.deliveries': (input) => ({ deliveries: channels.deliveries(input) }),
    'channels.redeliver': ({ deliveryId }) => channels.redeliver(deliveryId),
  };
}
