import type { AppEvent, ChannelEventType } from '../../preload/contract';
import type { PushNotice } from '../git/push-notices';
import { noticeFor } from '../notify/event-notices';

/** What a channel sends: short, with a link back to the window. Stored in the outbox as JSON. */
export interface ChannelMessage {
  readonly eventType: ChannelEventType | 'channel.test';
  readonly level: 'info' | 'success' | 'warn' | 'error';
  readonly title: string;
  readonly text: string;
  /** Where in the window to look (null when Slipway has no URL to link to, e.g. the desktop app). */
  readonly link: string | null;
}

const MAX_TEXT = 500;
const allOn = { deploySucceeded: true, deployFailed: true, updateAvailable: true, instanceDied: true, gitPush: true, logRule: true };

const short = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** `base` is the window's address (no token); routes are the window's own (`#/projects/3`). */
export function windowLink(base: string | null, route: string): string | null {
  return base === null ? null : `${base.replace(/\/+$/, '')}/#${route}`;
}

/** The message for an event a channel subscribes to (git pushes go through the coalescer instead). */
export function messageForEvent(e: AppEvent, base: string | null): ChannelMessage {
  const projectRoute = e.projectId === null ? '/events' : `/projects/${String(e.projectId)}`;
  // The tray's wording for deploys and instances, so every place says the same.
  const notice = noticeFor(e, allOn);
  switch (e.type) {
    case 'deploy.succeeded':
    case 'deploy.failed':
    case 'instance.died':
      return {
        eventType: e.type,
        level: e.type === 'deploy.succeeded' ? 'success' : 'error',
        title: notice?.title ?? e.message,
        text: short(e.message),
        link: windowLink(base, e.type === 'deploy.succeeded' ? projectRoute : `${projectRoute}/deploys`),
      };
    case 'update.available':
      return { eventType: e.type, level: 'info', title: `Update available: ${str(e.data['tag']) ?? ''}`.trim(), text: short(e.message), link: windowLink(base, projectRoute) };
    case 'log-rule.fired':
      return {
        eventType: e.type,
        level: e.level === 'error' ? 'error' : 'warn',
        title: `Log rule fired: ${str(e.data['ruleName']) ?? 'rule'}`,
        text: short(e.message),
        link: windowLink(base, e.projectId === null ? '/events' : `${projectRoute}/logs`),
      };
    case 'hook.disabled':
      return { eventType: e.type, level: 'warn', title: 'Outbound delivery turned off', text: short(e.message), link: windowLink(base, '/settings') };
    default:
      return { eventType: e.type as ChannelEventType, level: 'info', title: e.type, text: short(e.message), link: windowLink(base, '/events') };
  }
}

/** A (possibly summed) git push notice as a message. */
export function messageForPush(n: PushNotice, base: string | null): ChannelMessage {
  const text = n.link === null ? n.body : `${n.body} (${n.link})`;
  return { eventType: 'git.push', level: 'info', title: `[${n.repo}] ${n.pushes > 1 ? `${String(n.pushes)} pushes` : 'push'}`, text: short(text), link: windowLink(base, '/events') };
}

export function testMessage(base: string | null): ChannelMessage {
  return { eventType: 'channel.test', level: 'info', title: 'Slipway test message', text: 'This channel works: Slipway can reach it.', link: windowLink(base, '/settings') };
}

/** One plain-text rendering for services without a separate title. */
export function plainText(m: ChannelMessage): string {
  return [m.title, m.text === m.title ? null : m.text, m.link].filter((x) => x !== null).join('\n');
}
