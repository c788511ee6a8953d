import type { AppEvent, Settings } from '../../preload/contract';
import type { EventBus } from '../events/bus';
import type { Notice, Notifier } from './notifier';

type NotificationPrefs = Settings['notifications'];

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The notice for a notable event, or null. Update-available, log-rule and git-push notices are
 * raised by their own services (they coalesce and carry actions); this covers deploys and instances.
 */
export function noticeFor(e: AppEvent, prefs: NotificationPrefs): Notice | null {
  const where = [str(e.data['project']), str(e.data['stage'])].filter((x) => x !== null).join(' · ');
  const route = e.projectId === null ? null : `/projects/${String(e.projectId)}`;
  const trigger = str(e.data['trigger']);
  switch (e.type) {
    case 'deploy.succeeded':
      // Rollbacks and promotions get their own, more telling notice.
      if (!prefs.deploySucceeded || trigger === 'rollback' || trigger === 'promote') return null;
      return { title: `Deployed ${str(e.data['tag']) ?? ''} to ${where}`.trim(), body: e.message, level: 'success', route };
    case 'stage.rolled-back':
      return prefs.deploySucceeded ? { title: `Rolled back ${where}`, body: e.message, level: 'success', route } : null;
    case 'stage.promoted':
      return prefs.deploySucceeded ? { title: `Promoted to ${where}`, body: e.message, level: 'success', route } : null;
    case 'deploy.failed':
      return prefs.deployFailed ? { title: `Deploy failed: ${where}`, body: e.message, level: 'error', route } : null;
    case 'instance.died':
      return prefs.instanceDied ? { title: `Live instance died: ${where}`, body: e.message, level: 'error', route } : null;
    default:
      return null;
  }
}

/** Turns notable events into notices as they happen, with today's preferences. */
export function startEventNotices(bus: Pick<EventBus, 'onEvent'>, notifier: Notifier, prefs: () => NotificationPrefs): () => void {
  return bus.onEvent((e) => {
    const notice = noticeFor(e, prefs());
    if (notice) notifier.notify(notice);
  });
}
