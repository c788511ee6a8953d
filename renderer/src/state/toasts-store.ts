import { create } from 'zustand';
import type { Toast } from '../../../preload/contract';
import { addToast, dismissToast } from './toasts-model';

interface ToastsState {
  readonly toasts: readonly Toast[];
  show: (toast: Toast) => void;
  dismiss: (id: string) => void;
}

export const useToasts = create<ToastsState>()((set) => ({
  toasts: [],
  show: (toast) => set((s) => ({ toasts: addToast(s.toasts, toast) })),
  dismiss: (id) => set((s) => ({ toasts: dismissToast(s.toasts, id) })),
}));

let localId = 0;
/** A notice raised by the window itself (e.g. "Copied"), in the same place as pushed toasts; `route` adds an "Open" link. */
export function localToast(title: string, level: Toast['level'] = 'info', body = '', route: string | null = null): void {
  useToasts.getState().show({ id: `local-${String(++localId)}`, title, body, level, route, action: null });
}
