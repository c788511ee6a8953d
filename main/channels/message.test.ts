import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../preload/contract';
import { messageForEvent, messageForPush, plainText } from './message';

const event = (over: Partial<AppEvent>): AppEvent => ({
  id: 7,
  ts: 0,
  type: 'deploy.failed',
  level: 'error',
  message: 'acme/web dev: 1.2 failed its health check',
  projectId: 3,
  stageId: 4,
  deployId: 5,
  data: { project: 'acme-web', stage: 'dev', tag: '1.2' },
  ...over,
});

describe('channel messages', () => {
  it('a failed deploy: the tray wording as title, the event as text, a link to the deploys tab', () => {
    const m = messageForEvent(event({}), 'http://127.0.0.1:4100');
    expect(m).toEqual({
      eventType: 'deploy.failed',
      level: 'error',
      title: 'Deploy failed: acme-web · dev',
      text: 'acme/web dev: 1.2 failed its health check',
      link: 'http://127.0.0.1:4100/#/projects/3/deploys',
    });
    expect(plainText(m).split('\n')).toEqual([m.title, m.text, m.link]);
  });

  it('has no link without a window address, and keeps text short', () => {
    const m = messageForEvent(event({ type: 'log-rule.fired', level: 'warn', message: 'x'.repeat(2000), data: { ruleName: 'panic' } }), null);
    expect(m.link).toBeNull();
    expect(m.title).toBe('Log rule fired: panic');
    expect(m.text.length).toBe(500);
  });

  it('a summed push notice links to the window and names the compare URL', () => {
    const m = messageForPush({ repo: 'acme/web', title: '', body: 'ann pushed 5 commits to main (3 pushes)', link: 'https://git/compare', pushes: 3, commits: 5 }, 'http://h');
    expect(m).toMatchObject({ eventType: 'git.push', title: '[acme/web] 3 pushes', link: 'http://h/#/events' });
    expect(m.text).toContain('https://git/compare');
  });
});
