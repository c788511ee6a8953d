import { describe, expect, it } from 'vitest';
import { nodeAddress, onOtherNodes, poolUpstreams, type SwarmNode } from './task-address';
import type { Task } from './tasks';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function task(id: string, node: string | undefined, port: number, o: { slot?: number; state?: string } = {}): Task {
  return {
    ID: id,
    ...(node !== undefined ? { NodeID: node } : {}),
    Slot: o.slot ?? Number(id.replace(/\D/g, '')),
    CreatedAt: '2026-12-05T10:00:00Z',
    DesiredState: 'running',
    Spec: { ContainerSpec: { Image: `localhost:5000/acme/web:1@${DIGEST}` } },
    Status: { State: o.state ?? 'running', PortStatus: { Ports: [{ TargetPort: 8080, PublishedPort: port, PublishMode: 'host' }] } },
  };
}

// Two nodes: the engine's own (its manager, advertised on loopback) and a worker on the LAN.
const nodes: SwarmNode[] = [
  { ID: 'n-self', Status: { State: 'ready', Addr: '127.0.0.1' }, ManagerStatus: { Addr: '127.0.0.1:2377' } },
  { ID: 'n-lan', Status: { State: 'ready', Addr: '192.168.1.20' } },
];

describe('poolUpstreams: each task at its node', () => {
  it("reaches the local node's tasks on 127.0.0.1 and the other node's at its address", () => {
    const tasks = [task('t1', 'n-self', 30001), task('t2', 'n-lan', 30002), task('t3', 'n-lan', 30003)];
    expect(poolUpstreams(tasks, 8080, nodes, { selfNode: 'n-self', selfHost: '127.0.0.1' })).toEqual([
      { taskId: 't1', nodeId: 'n-self', host: '127.0.0.1', port: 30001 },
      { taskId: 't2', nodeId: 'n-lan', host: '192.168.1.20', port: 30002 },
      { taskId: 't3', nodeId: 'n-lan', host: '192.168.1.20', port: 30003 },
    ]);
  });

  it("reaches the engine's own node at the engine's host when the engine is remote (a TLS manager)", () => {
    const tasks = [task('t1', 'n-self', 30001), task('t2', 'n-lan', 30002)];
    expect(poolUpstreams(tasks, 8080, nodes, { selfNode: 'n-self', selfHost: 'swarm.example.org' }).map((u) => `${u.host}:${String(u.port)}`)).toEqual(['192.168.1.20:30002', 'swarm.example.org:30001']);
  });

  it('keeps pool membership: tasks not running (not yet healthy) stay out on every node', () => {
    const tasks = [task('t1', 'n-self', 30001), task('t2', 'n-lan', 30002, { state: 'starting' })];
    expect(poolUpstreams(tasks, 8080, nodes, { selfNode: 'n-self', selfHost: '127.0.0.1' }).map((u) => u.taskId)).toEqual(['t1']);
  });

  it('leaves out a task on a node that is not listed (nothing here knows where it is)', () => {
    const tasks = [task('t1', 'n-self', 30001), task('t2', 'n-gone', 30002)];
    expect(poolUpstreams(tasks, 8080, nodes, { selfNode: 'n-self', selfHost: '127.0.0.1' }).map((u) => u.taskId)).toEqual(['t1']);
  });

  it('takes a task without a node (an engine that does not say) as one on the engine itself', () => {
    expect(poolUpstreams([task('t1', undefined, 30001)], 8080, [], { selfNode: undefined, selfHost: '127.0.0.1' })).toEqual([{ taskId: 't1', nodeId: null, host: '127.0.0.1', port: 30001 }]);
  });
});

describe('nodeAddress', () => {
  it("reads Status.Addr, falling back to a manager's own address when Status.Addr is 0.0.0.0", () => {
    expect(nodeAddress({ ID: 'a', Status: { Addr: '10.0.0.5' } })).toBe('10.0.0.5');
    expect(nodeAddress({ ID: 'b', Status: { Addr: '0.0.0.0' }, ManagerStatus: { Addr: '10.0.0.6:2377' } })).toBe('10.0.0.6');
    expect(nodeAddress({ ID: 'c', Status: { Addr: '0.0.0.0' }, ManagerStatus: { Addr: '[fd00::7]:2377' } })).toBe('fd00::7');
    expect(nodeAddress({ ID: 'd', Status: { Addr: '0.0.0.0' } })).toBeNull();
  });
});

describe('onOtherNodes', () => {
  it('says whether the node list is needed', () => {
    expect(onOtherNodes([task('t1', 'n-self', 1)], 'n-self')).toBe(false);
    expect(onOtherNodes([task('t1', 'n-self', 1), task('t2', 'n-lan', 2)], 'n-self')).toBe(true);
    expect(onOtherNodes([task('t1', undefined, 1)], undefined)).toBe(false);
  });
});
