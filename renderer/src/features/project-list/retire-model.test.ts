import { describe, expect, it } from 'vitest';
import type { RetiredInstance, WarmInstance } from '../../../../preload/contract/projects';
import { countdown, nextTick, retireLines } from './retire-model';

const warm: WarmInstance = { instanceId: 4, tag: '1.0', digest: 'sha256:a', until: 120_000 };
const retired = (over: Partial<RetiredInstance> = {}): RetiredInstance => ({ instanceId: 4, tag: '1.0', status: 'draining', retiredAt: 0, warmUntil: 120_000, stopMs: null, ...over });

describe('retireLines', () => {
  it('counts the warm window down for an instant rollback', () => {
    expect(retireLines({ warmRollback: warm, retired: retired() }, 2_000)).toEqual({ rollback: 'rollback: instant for 1:58', previous: null });
    expect(retireLines({ warmRollback: warm, retired: retired() }, 119_500).rollback).toBe('rollback: instant for 0:01');
  });

  it('shows draining, then the stop time of the previous instance', () => {
    expect(retireLines({ warmRollback: null, retired: retired({ warmUntil: null }) }, 1).previous).toBe('previous 1.0: draining…');
    expect(retireLines({ warmRollback: null, retired: retired({ status: 'stopped', warmUntil: null, stopMs: 312 }) }, 1)).toEqual({ rollback: null, previous: 'previous 1.0: stopped in 0.3 s' });
  });

  it('says nothing once the window is over or for a stage without history', () => {
    expect(retireLines({ warmRollback: warm, retired: null }, 130_000)).toEqual({ rollback: null, previous: null });
    expect(retireLines({}, 0)).toEqual({ rollback: null, previous: null });
  });

  it('names a warm previous instance that is not the rollback target', () => {
    expect(retireLines({ warmRollback: null, retired: retired() }, 1).previous).toBe('previous 1.0: warm');
  });
});

describe('countdown and nextTick', () => {
  it('formats m:ss rounded up', () => {
    expect(countdown(118_001)).toBe('1:59');
    expect(countdown(0)).toBe('0:00');
  });

  it('ticks every second while a window is open', () => {
    expect(nextTick({ warmRollback: warm }, 1_000)).toBe(2_000);
    expect(nextTick({ warmRollback: warm }, 200_000)).toBeNull();
  });
});
