import { randomUUID } from 'node:crypto';
import type { Toast } from '../../preload/contract';
import type { EventBus } from '../events/bus';

export type Notice = Omit<Toast, 'id' | 'route' | 'action'> & Partial<Pick<Toast, 'route' | 'action'>>;

/** Shows a notice to the user. The desktop shell adds native notifications; every mode gets the in-app toast. */
export interface Notifier {
  notify(notice: Notice): void;
}

export type NativeNotify = (toast: Toast) => void;

export function createNotifier(bus: EventBus, native?: NativeNotify): Notifier {
  return {
    notify(notice) {
      const toast: Toast = { id: randomUUID(), route: null, action: null, ...notice };
      bus.push('toast', toast);
      native?.(toast);
    },
  };
}
