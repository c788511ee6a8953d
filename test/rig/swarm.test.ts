import { describe, expect, it } from 'vitest';
import { currentRun, markOf, planSwarm, RIG_SWARM_LABEL } from './swarm';

const run = { run: '/tmp/slw-run-b', pid: 200 };
const alive = (pids: number[]) => (pid: number) => pids.includes(pid);

describe('planSwarm: a fresh swarm per run, never a swarm the rig did not make', () => {
  it('makes a swarm when the engine is in none', () => {
    expect(planSwarm({ state: 'inactive', mark: null, run, alive: alive([]) })).toBe('init');
  });

  it("never leaves a swarm without the rig's mark (a developer's own)", () => {
    expect(planSwarm({ state: 'active', mark: null, run, alive: alive([]) })).toBe('reuse');
  });

  it('renews the swarm an earlier run made once that run has ended', () => {
    expect(planSwarm({ state: 'active', mark: { run: '/tmp/slw-run-a', pid: 100 }, run, alive: alive([]) })).toBe('renew');
  });

  it("keeps the swarm this run made, and one a run still going made (its services are in use)", () => {
    expect(planSwarm({ state: 'active', mark: run, run, alive: alive([200]) })).toBe('reuse');
    expect(planSwarm({ state: 'active', mark: { run: '/tmp/slw-run-a', pid: 100 }, run, alive: alive([100, 200]) })).toBe('reuse');
  });

  it('renews a swarm of an earlier run of the same process id (a reused pid is not a live run)', () => {
    expect(planSwarm({ state: 'active', mark: { run: '/tmp/slw-run-a', pid: 200 }, run, alive: alive([200]) })).toBe('renew');
  });

  it('leaves a swarm in another state (joining, locked, failed) alone', () => {
    expect(planSwarm({ state: 'locked', mark: null, run, alive: alive([]) })).toBe('reuse');
    expect(planSwarm({ state: 'error', mark: { run: 'x', pid: 1 }, run, alive: alive([]) })).toBe('reuse');
  });
});

describe('the mark', () => {
  it("reads the rig's labels and nothing else", () => {
    expect(markOf({ [RIG_SWARM_LABEL]: 'true', 'dev.slipway.rig.run': '/tmp/r', 'dev.slipway.rig.pid': '42' })).toEqual({ run: '/tmp/r', pid: 42 });
    expect(markOf({ 'com.example': 'x' })).toBeNull();
    expect(markOf(null)).toBeNull();
    expect(markOf({ [RIG_SWARM_LABEL]: 'true', 'dev.slipway.rig.pid': 'nope' })).toEqual({ run: '', pid: 0 });
  });

  it('names the run by its temporary folder and process, else by this process', () => {
    expect(currentRun({ SLIPWAY_RUN_TMP: '/tmp/slw-run-x', SLIPWAY_RUN_PID: '77' })).toEqual({ run: '/tmp/slw-run-x', pid: 77 });
    expect(currentRun({})).toEqual({ run: `pid:${String(process.pid)}`, pid: process.pid });
  });
});
