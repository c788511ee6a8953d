import { describe, expect, it } from 'vitest';
import { remoteMounts } from './remote-volumes';

const owner = { projectId: 3, stageId: 7, instanceId: 42 };

describe('volumes on a remote engine', () => {
  it('turns data-directory folders into named volumes shared as the folders would be', () => {
    const plan = remoteMounts(
      [
        { scope: 'project', target: '/data', readOnly: false },
        { scope: 'stage', target: '/var/lib/db', readOnly: false },
        { scope: 'instance', target: '/tmp/x', source: 'scratch', readOnly: true },
        { scope: 'named', target: '/cache', source: 'shared-cache', readOnly: false },
        { scope: 'ephemeral', target: '/run', readOnly: false },
      ],
      owner,
      'abcdef0123',
      'prod',
    );
    expect(plan.dirs).toEqual([]);
    expect(plan.mounts).toEqual([
      { Type: 'volume', Source: 'slipway-abcdef-p3-project-data', Target: '/data', ReadOnly: false },
      { Type: 'volume', Source: 'slipway-abcdef-p3-s7-var-lib-db', Target: '/var/lib/db', ReadOnly: false },
      { Type: 'volume', Source: 'slipway-abcdef-p3-s7-i42-scratch', Target: '/tmp/x', ReadOnly: true },
      { Type: 'volume', Source: 'shared-cache', Target: '/cache', ReadOnly: false },
      { Type: 'tmpfs', Target: '/run', ReadOnly: false },
    ]);
  });

  it('refuses a path of this machine, saying what to use instead', () => {
    expect(() => remoteMounts([{ scope: 'absolute', target: '/x', source: '/srv/x', readOnly: false }], owner, 'abcdef', 'prod')).toThrow(/folder of this machine.*"prod".*project, stage or named volume/);
  });
});
