import { describe, expect, it } from 'vitest';
import { deploySteps, type DeployStepName } from '../../preload/contract';
import { alreadyLive, failureAt, isPast, MAX_ATTEMPTS, nextMove, opening, reuseRule, stepAfter, type Position } from './deploy-machine';

/** Plays the machine from `start` as the runner does: each step writes its marker. */
function walk(start: Partial<Position>): string[] {
  let p: Position = { marker: null, warmWaiting: false, warm: false, factsKnown: false, ...start };
  const seen: string[] = [];
  for (let m = nextMove(p); m.kind !== 'done'; m = nextMove(p)) {
    if (seen.length > 20) throw new Error('the machine does not advance');
    if (m.kind === 'take-warm') {
      seen.push('take-warm');
      p = { ...p, marker: 'health', warm: true, factsKnown: true };
    } else if (m.kind === 'refresh-facts') {
      seen.push('refresh');
      p = { ...p, factsKnown: true };
    } else {
      seen.push(m.alreadyRunning ? `${m.step}(running)` : m.step);
      p = { ...p, marker: m.step, factsKnown: p.factsKnown || m.step === 'pull' };
    }
  }
  return seen;
}

describe('deploy state machine', () => {
  it('runs every step in order for a new deploy', () => {
    expect(walk({})).toEqual([...deploySteps]);
  });

  it('takes a waiting warm instance in one move, then switches', () => {
    expect(walk({ warmWaiting: true })).toEqual(['take-warm', 'switch', 'drain', 'cleanup']);
  });

  it('skips start of a warm candidate but still probes it', () => {
    expect(walk({ marker: 'create', warm: true, factsKnown: true })).toEqual(['start(running)', 'health', 'switch', 'drain', 'cleanup']);
  });

  it('resumes from the marker, fetching the facts again before create, start or health', () => {
    expect(walk({ marker: 'pull' })).toEqual(['refresh', 'create', 'start', 'health', 'switch', 'drain', 'cleanup']);
    expect(walk({ marker: 'start' })).toEqual(['refresh', 'health', 'switch', 'drain', 'cleanup']);
  });

  it('needs no facts once healthy, and nothing after cleanup', () => {
    expect(walk({ marker: 'health' })).toEqual(['switch', 'drain', 'cleanup']);
    expect(walk({ marker: 'switch' })).toEqual(['drain', 'cleanup']);
    expect(walk({ marker: 'cleanup' })).toEqual([]);
  });

  it('ignores a warm instance once a deploy has begun its steps', () => {
    expect(walk({ marker: 'pull', warmWaiting: true, factsKnown: true })[0]).toBe('create');
  });

  it('orders markers', () => {
    expect(isPast(null, 'pull')).toBe(false);
    expect(isPast('pull', 'pull')).toBe(true);
    expect(isPast('health', 'switch')).toBe(false);
    expect(isPast('cleanup', 'switch')).toBe(true);
    expect(stepAfter(null)).toBe('pull');
    expect(stepAfter('health')).toBe('switch');
    expect(stepAfter('cleanup')).toBe('cleanup');
  });
});

describe('opening a run', () => {
  const row = (status: Parameters<typeof opening>[0]['status'], marker: DeployStepName | null, attempts: number) => opening({ status, marker, attempts });

  it('starts a queued deploy fresh and leaves an ended one alone', () => {
    expect(row('queued', null, 0)).toEqual({ kind: 'fresh' });
    for (const s of ['succeeded', 'failed', 'superseded', 'skipped'] as const) expect(row(s, 'switch', 1)).toEqual({ kind: 'finished' });
  });

  it('resumes an interrupted deploy until it has started too often before its switch', () => {
    expect(row('checking', 'start', MAX_ATTEMPTS - 1)).toEqual({ kind: 'resume', giveUpAt: null });
    expect(row('checking', 'start', MAX_ATTEMPTS)).toEqual({ kind: 'resume', giveUpAt: 'health' });
    expect(row('pulling', null, MAX_ATTEMPTS)).toEqual({ kind: 'resume', giveUpAt: 'pull' });
  });

  it('always finishes a deploy past its switch: it is live', () => {
    expect(row('switching', 'switch', MAX_ATTEMPTS + 5)).toEqual({ kind: 'resume', giveUpAt: null });
  });
});

describe('failures', () => {
  it('discard the candidate and keep the old instance live up to the switch', () => {
    for (const step of ['pull', 'create', 'start', 'health', 'switch'] as const) expect(failureAt(step)).toEqual({ kind: 'candidate-discarded', stillLive: 'previous' });
  });

  it('after the switch, nothing undoes the deploy', () => {
    expect(failureAt('drain')).toEqual({ kind: 'deploy-stands', stillLive: 'candidate' });
    expect(failureAt('cleanup')).toEqual({ kind: 'deploy-stands', stillLive: 'candidate' });
  });
});

describe('nothing to do and reuse', () => {
  it('skips a digest already live unless forced or the stage is stopped', () => {
    expect(alreadyLive({ force: false }, 'sha256:a', 'sha256:a', false)).toBe(true);
    expect(alreadyLive({ force: true }, 'sha256:a', 'sha256:a', false)).toBe(false);
    expect(alreadyLive({ force: false }, 'sha256:a', 'sha256:a', true)).toBe(false);
    expect(alreadyLive({ force: false }, 'sha256:a', 'sha256:b', false)).toBe(false);
    expect(alreadyLive({ force: false }, null, 'sha256:b', false)).toBe(false);
  });

  it('reuses a warm instance unless forced, and a kept one only for a rollback', () => {
    const warm = () => 'warm';
    const kept = () => 'kept';
    const none = () => null;
    expect(reuseRule({ digest: null, force: false, trigger: 'rollback' }, warm, kept)).toBeNull();
    expect(reuseRule({ digest: 'd', force: false, trigger: 'webhook' }, warm, kept)).toBe('warm');
    expect(reuseRule({ digest: 'd', force: true, trigger: 'webhook' }, warm, kept)).toBeNull();
    expect(reuseRule({ digest: 'd', force: true, trigger: 'rollback' }, warm, kept)).toBe('kept');
    expect(reuseRule({ digest: 'd', force: false, trigger: 'rollback' }, none, kept)).toBe('kept');
    expect(reuseRule({ digest: 'd', force: false, trigger: 'manual' }, none, kept)).toBeNull();
  });
});
