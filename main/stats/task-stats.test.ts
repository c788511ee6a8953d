import { describe, expect, it } from 'vitest';
import type { StatsSample, TaskStats } from '../../preload/contract/stats';
import { OTHER_NODE, sumTasks, TaskStatsFollower } from './task-stats';

const row = (taskId: string, cpu: number | null, mem: number | null, limit: number | null = null): TaskStats => ({ taskId, slot: 1, nodeId: 'n1', cpuPercent: cpu, memoryBytes: mem, memoryLimitBytes: limit, notice: null });

describe('sumTasks: a Swarm stage measured as the sum of its tasks', () => {
  it('adds what each task measured', () => {
    expect(sumTasks([row('a', 10, 100, 1000), row('b', 5.5, 50, 1000)])).toEqual({ cpuPercent: 15.5, memoryBytes: 150, memoryLimitBytes: 2000 });
  });

  it('leaves out tasks not measured yet, and has no figure when none is', () => {
    expect(sumTasks([row('a', 10, 100), row('b', null, null)])).toEqual({ cpuPercent: 10, memoryBytes: 100, memoryLimitBytes: null });
    expect(sumTasks([row('a', null, null)])).toEqual({ cpuPercent: null, memoryBytes: null, memoryLimitBytes: null });
    expect(sumTasks([])).toEqual({ cpuPercent: null, memoryBytes: null, memoryLimitBytes: null });
  });

  it('shows a limit only when every measured task has one (a partial sum would mislead)', () => {
    expect(sumTasks([row('a', 1, 100, 1000), row('b', 1, 100, null)]).memoryLimitBytes).toBeNull();
  });
});

describe('TaskStatsFollower', () => {
  it('lists tasks on other nodes with why they have no figures, and says when none runs', async () => {
    const pushed: Partial<StatsSample>[] = [];
    const f = new TaskStatsFollower((s) => pushed.push(s));
    await f.retarget([
      { taskId: 't2', slot: 2, nodeId: 'far', container: null },
      { taskId: 't1', slot: 1, nodeId: 'far', container: null },
    ]);
    expect(pushed.at(-1)?.tasks?.map((t) => [t.taskId, t.notice])).toEqual([
      ['t1', OTHER_NODE],
      ['t2', OTHER_NODE],
    ]);
    expect(pushed.at(-1)).toMatchObject({ cpuPercent: null, memoryBytes: null, notice: null });
    // The same tasks again: nothing new to say.
    await f.retarget([
      { taskId: 't2', slot: 2, nodeId: 'far', container: null },
      { taskId: 't1', slot: 1, nodeId: 'far', container: null },
    ]);
    expect(pushed).toHaveLength(1);
    await f.retarget([]);
    expect(pushed.at(-1)).toMatchObject({ notice: 'No task of the service is running.', tasks: [] });
    f.close();
  });
});
