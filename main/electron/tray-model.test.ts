import { describe, expect, it } from 'vitest';
import type { Project, Stage } from '../../preload/contract/projects';
import { applyTrayEvent, trayModel, type StageNews } from './tray-model';

function stage(id: number, over: Partial<Stage> = {}): Stage {
  return {
    id, projectId: 1, name: `s${String(id)}`, tagPattern: '*', semverRange: null, autoDeploy: true, autoPromote: false,
    publicPort: 8000 + id, maxInstances: 2, upstreamStageId: null, upstream: null, env: {}, pollEnabled: true, mode: 'http', engine: 'local',
    url: `http://127.0.0.1:${String(8000 + id)}/`, live: null, stopped: false, activeDeployId: null, queued: 0, ...over,
  };
}
function project(stages: Stage[]): Project {
  return {
    id: 1, kind: 'image', name: 'web', image: 'localhost:5000/acme/web', port: 8080, ports: [], health: null, env: {}, volumes: [], limits: {},
    pullPolicy: 'always', restartPolicy: 'unless-stopped', stopTimeoutSec: 10, init: true, warmRollbackSec: 120, run: {}, createdAt: 0, updatedAt: 0, stages,
  };
}
const live = { instanceId: 1, deployId: 1, tag: '1.0', digest: 'sha256:a', containerId: 'c', containerName: 'n', hostPort: 1, running: true, liveSince: 1 };

describe('tray model', () => {
  it('is healthy when nothing is deploying or failed', () => {
    expect(trayModel([project([stage(1, { live })])], new Map()).state).toBe('healthy');
  });

  it('says deploying while a stage has an active deploy, and failed wins over deploying', () => {
    const p = project([stage(1, { activeDeployId: 5 }), stage(2, { live })]);
    expect(trayModel([p], new Map()).state).toBe('deploying');
    expect(trayModel([p], new Map<number, StageNews>([[2, { lastOutcome: 'failed' }]])).state).toBe('failed');
  });

  it('offers open, deploy-update and roll-back actions per stage', () => {
    const news = new Map<number, StageNews>([[1, { updateTag: '1.1' }]]);
    const entries = trayModel([project([stage(1, { live })])], news).projects[0]!.entries;
    expect(entries.map((e) => e.label)).toEqual(['Open web', '● s1: 1.0', '    Deploy 1.1 to s1', '    Roll back s1']);
    expect(entries[2]!.action).toEqual({ kind: 'call', method: 'stages.deploy', input: { stageId: 1, tag: '1.1' } });
  });

  it('folds events: a failure is remembered until a later success clears it and the update', () => {
    const news = new Map<number, StageNews>();
    expect(applyTrayEvent(news, { type: 'update.available', stageId: 1, data: { tag: '2.0' } })).toBe(true);
    applyTrayEvent(news, { type: 'deploy.failed', stageId: 1, data: {} });
    expect(news.get(1)).toEqual({ updateTag: '2.0', lastOutcome: 'failed' });
    applyTrayEvent(news, { type: 'deploy.succeeded', stageId: 1, data: {} });
    expect(news.get(1)).toEqual({ lastOutcome: 'succeeded' });
    expect(applyTrayEvent(news, { type: 'settings.changed', stageId: null, data: {} })).toBe(false);
  });
});
