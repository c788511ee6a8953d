import { describe, expect, it } from 'vitest';
import { PushNoticeCoalescer, type PushNotice } from './push-notices';
import type { Clock } from './types';

function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return { cancel: () => (t.live = false) };
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        now = next.at;
        next.live = false;
        next.fn();
      }
      timers = timers.filter((t) => t.live);
      now = end;
    },
  };
}

const push = (commits: number, pusher = 'alice', branch = 'main', repo = 'acme/web') => ({ repo, pusher, commits, branch, tag: null, link: `https://git.example/${repo}/compare` });

describe('PushNoticeCoalescer', () => {
  it('notifies the first push at once and sums the rest of the minute into one notice', () => {
    const clock = manualClock();
    const sent: PushNotice[] = [];
    const c = new PushNoticeCoalescer(clock, (n) => sent.push(n));
    c.add(push(2));
    expect(sent.map((n) => n.title)).toEqual(['[acme/web] alice pushed 2 commits to main']);
    clock.advance(10_000);
    c.add(push(1, 'bob'));
    clock.advance(20_000);
    c.add(push(4, 'alice', 'dev'));
    c.add(push(1, 'carol', 'main', 'acme/api')); // another repository has its own minute
    expect(sent).toHaveLength(2);
    clock.advance(29_999);
    expect(sent).toHaveLength(2);
    clock.advance(1);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toMatchObject({ repo: 'acme/web', pushes: 2, commits: 5, title: '[acme/web] bob, alice pushed 5 commits to main, dev (2 pushes)' });
    // The coalesced notice opened a new minute: a push inside it waits, one after it goes at once.
    clock.advance(30_000);
    c.add(push(1));
    expect(sent).toHaveLength(3);
    clock.advance(30_000);
    expect(sent).toHaveLength(4);
    expect(sent[3]!.title).toBe('[acme/web] alice pushed 1 commit to main');
    clock.advance(120_000);
    c.add(push(3));
    expect(sent).toHaveLength(5);
  });

  it('clear() drops waiting notices', () => {
    const clock = manualClock();
    const sent: PushNotice[] = [];
    const c = new PushNoticeCoalescer(clock, (n) => sent.push(n));
    c.add(push(1));
    c.add(push(1));
    c.clear();
    clock.advance(120_000);
    expect(sent).toHaveLength(1);
  });
});
