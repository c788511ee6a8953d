import type { Toast } from '../../../preload/contract';

export const MAX_TOASTS = 4;

/** Newest last; a toast with a known id replaces the old one; the oldest go first when full. */
export function addToast(list: readonly Toast[], toast: Toast, max = MAX_TOASTS): readonly Toast[] {
  const rest = list.filter((t) => t.id !== toast.id);
  return [...rest, toast].slice(-max);
}

export function dismissToast(list: readonly Toast[], id: string): readonly Toast[] {
  return list.filter((t) => t.id !== id);
}

/** Errors stay until dismissed; everything else fades. */
export function toastLifetime(toast: Toast): number | null {
  return toast.level === 'error' ? null : toast.level === 'warn' ? 10_000 : 6_000;
}
