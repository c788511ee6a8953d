import { Notification } from 'electron';
import type { Toast } from '../../preload/contract';

/** Native notification for a toast; clicking it brings the window to the toast's page. */
export function showNativeNotification(toast: Toast, openRoute: (route: string | null) => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: toast.title, body: toast.body, silent: toast.level === 'info' });
  n.on('click', () => openRoute(toast.route));
  n.show();
}
