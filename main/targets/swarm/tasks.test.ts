import { describe, expect, it } from 'vitest';
import { latestFailed, poolMembers, rollout, taskViews, updatePhase, type Service, type Task } from './tasks';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;
let clock = 0;
const poolPorts = (tasks: readonly Task[], containerPort: number): number[] => poolMembers(tasks, containerPort).map((m) => m.port);

function task(slot: number, digest: string, state: string, o: { desired?: string; port?: number | null; err?: string; id?: string } = {}): Task {
  clock += 1000;
  const port = o.port === undefined ? 30000 + clock / 1000 : o.port;
  return {
    ID: o.id ?? `t${String(clock)}`,
    Slot: slot,
    CreatedAt: new Date(clock).toISOString(),
    DesiredState: o.desired ?? 'running',
    Spec: { ContainerSpec: { Image: `localhost:5000/acme/web:1@${digest}` } },
    Status: {
      State: state,
      ...(o.err ? { Err: o.err } : {}),
      // Docker lists the IPv4 binding first; a second (IPv6) one may carry another port.
      PortStatus: port === null ? {} : { Ports: [{ TargetPort: 8080, PublishedPort: port, PublishMode: 'host' }, { TargetPort: 8080, PublishedPort: port - 1, PublishMode: 'host' }] },
    },
  };
}

describe('pool membership', () => {
  it('takes running tasks meant to run, by their host port (the first binding)', () => {
    const a = task(1, OLD, 'running', { port: 31001 });
    const b = task(2, OLD, 'running', { port: 31002 });
    expect(poolPorts([b, a], 8080)).toEqual([31001, 31002]);
  });

  it('leaves out tasks still starting (not yet healthy), ones being stopped, and ones without a published port', () => {
    const tasks = [task(1, NEW, 'starting'), task(2, OLD, 'running', { desired: 'shutdown' }), task(3, OLD, 'running', { port: null }), task(4, OLD, 'running', { port: 31004 })];
    expect(poolPorts(tasks, 8080)).toEqual([31004]);
  });

  it('takes an old task out the moment its replacement starts: before it is healthy, so before Swarm stops the old one', () => {
    const old1 = task(1, OLD, 'running', { port: 31001 });
    const old2 = task(2, OLD, 'running', { port: 31002 });
    const new1 = task(1, NEW, 'pending', { port: null });
    expect(poolPorts([old1, old2, new1], 8080)).toEqual([31002]);
    const up = { ...new1, Status: { ...new1.Status, State: 'running', PortStatus: { Ports: [{ TargetPort: 8080, PublishedPort: 31003, PublishMode: 'host' }] } } };
    expect(poolPorts([{ ...old1, DesiredState: 'shutdown' }, old2, up], 8080)).toEqual([31002, 31003]);
  });

  it('puts the old task back when its replacement fails (Swarm rolls back)', () => {
    const old1 = task(1, OLD, 'running', { port: 31001 });
    const new1 = task(1, NEW, 'failed', { err: 'task: non-zero exit (1)' });
    expect(poolPorts([old1, new1], 8080)).toEqual([31001]);
  });

  it('matches the container port the service publishes', () => {
    expect(poolPorts([task(1, OLD, 'running', { port: 31001 })], 9090)).toEqual([]);
  });
});

describe('rollout progress', () => {
  it('counts replicas running on the new digest and says what each slot does', () => {
    const tasks = [task(1, NEW, 'running'), task(2, NEW, 'starting'), task(3, OLD, 'running'), task(4, OLD, 'shutdown', { desired: 'shutdown' })];
    const r = rollout(tasks, NEW, 3);
    expect(r.updated).toBe(1);
    expect(r.old).toBe(1);
    expect(r.summary).toBe('1/3 updated: slot 1 running (new), slot 2 starting (new), slot 3 running (old)');
  });

  it('is complete only when every replica runs the new digest and no old one is meant to run', () => {
    expect(rollout([task(1, NEW, 'running'), task(2, NEW, 'running')], NEW, 2)).toMatchObject({ updated: 2, old: 0, summary: expect.stringMatching(/^2\/2 updated/) });
  });

  it('shows the tasks for the stage card, the last failed one included, and which are in the pool', () => {
    const views = taskViews([task(1, NEW, 'running', { port: 31001, id: 'x1' }), task(1, NEW, 'failed', { desired: 'shutdown', err: 'boom', id: 'x0', port: null })], 8080);
    expect(views.map((v) => [v.id, v.state, v.inPool, v.error, v.hostPort])).toEqual([
      ['x1', 'running', true, null, 31001],
      ['x0', 'failed', false, 'boom', null],
    ]);
  });

  it('finds the latest failed task of a digest', () => {
    const a = task(1, NEW, 'failed', { err: 'first' });
    const b = task(1, NEW, 'rejected', { err: 'second' });
    const c = task(1, OLD, 'failed', { err: 'older digest' });
    expect(latestFailed([a, b, c], NEW)?.Status.Err).toBe('second');
    expect(latestFailed([task(1, NEW, 'running')], NEW)).toBeNull();
  });
});

describe("Swarm's update state", () => {
  const service = (State?: string, Message?: string): Service => ({ ID: 's', Version: { Index: 1 }, Spec: { Name: 'web' }, ...(State ? { UpdateStatus: { State, ...(Message ? { Message } : {}) } } : {}) });
  it('reads each state', () => {
    expect(updatePhase(service())).toEqual({ kind: 'none' });
    expect(updatePhase(service('updating'))).toEqual({ kind: 'updating' });
    expect(updatePhase(service('completed'))).toEqual({ kind: 'completed' });
    expect(updatePhase(service('rollback_started', 'update rolled back due to failure'))).toEqual({ kind: 'rolling-back', message: 'update rolled back due to failure' });
    expect(updatePhase(service('rollback_completed', 'm'))).toEqual({ kind: 'rolled-back', message: 'm' });
    expect(updatePhase(service('rollback_paused'))).toEqual({ kind: 'paused', message: 'rollback_paused' });
  });
});
