import { describe, expect, it } from 'vitest';
import { defaultSettings, type AppEvent } from '../../preload/contract';
import { noticeFor, startEventNotices } from './event-notices';
import type { Notice } from './notifier';

const ev = (type: string, data: Record<string, unknown> = {}, over: Partial<AppEvent> = {}): AppEvent => ({
  id: 1,
  ts: 1,
  type,
  level: 'info',
  message: `${type} happened`,
  projectId: 4,
  stageId: 9,
  deployId: 2,
  data: { project: 'web', stage: 'prod', tag: '1.4.0', ...data },
  ...over,
});
const prefs = defaultSettings.notifications;

describe('noticeFor', () => {
  it('announces a successful deploy and links to the project', () => {
    expect(noticeFor(ev('deploy.succeeded', { trigger: 'webhook' }), prefs)).toEqual({
      title: 'Deployed 1.4.0 to web · prod',
      body: 'deploy.succeeded happened',
      level: 'success',
      route: '/projects/4',
    });
  });
  it('says "rolled back" or "promoted" once instead of a plain deploy notice', () => {
    expect(noticeFor(ev('deploy.succeeded', { trigger: 'rollback' }), prefs)).toBeNull();
    expect(noticeFor(ev('stage.rolled-back'), prefs)?.title).toBe('Rolled back web · prod');
    expect(noticeFor(ev('deploy.succeeded', { trigger: 'promote' }), prefs)).toBeNull();
    expect(noticeFor(ev('stage.promoted'), prefs)?.title).toBe('Promoted to web · prod');
  });
  it('reports failures and dead instances as errors', () => {
    expect(noticeFor(ev('deploy.failed'), prefs)).toMatchObject({ title: 'Deploy failed: web · prod', level: 'error' });
    expect(noticeFor(ev('instance.died'), prefs)).toMatchObject({ title: 'Live instance died: web · prod', level: 'error' });
  });
  it('respects each preference', () => {
    const off = { ...prefs, deploySucceeded: false, deployFailed: false, instanceDied: false };
    for (const t of ['deploy.succeeded', 'stage.rolled-back', 'stage.promoted', 'deploy.failed', 'instance.died']) expect(noticeFor(ev(t), off)).toBeNull();
  });
  it('leaves other events (and those notified elsewhere) alone', () => {
    for (const t of ['deploy.started', 'update.available', 'git.push', 'log-rule.fired', 'app.started']) expect(noticeFor(ev(t), prefs)).toBeNull();
  });
});

describe('startEventNotices', () => {
  it('notifies for each notable event with the current preferences', () => {
    let listener: ((e: AppEvent) => void) | null = null;
    const shown: Notice[] = [];
    let current = prefs;
    startEventNotices({ onEvent: (fn) => ((listener = fn), () => true) }, { notify: (n) => shown.push(n) }, () => current);
    listener!(ev('deploy.failed'));
    current = { ...prefs, deployFailed: false };
    listener!(ev('deploy.failed'));
    expect(shown).toHaveLength(1);
  });
});
