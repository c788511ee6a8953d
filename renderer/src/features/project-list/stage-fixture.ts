import type { Stage } from '../../../../preload/contract/projects';

/** A stage as the API answers it, live on 1.0, for the chain's unit tests. */
export const stage = (id: number, name: string, upstreamStageId: number | null = null, over: Partial<Stage> = {}): Stage => ({
  id,
  projectId: 1,
  name,
  tagPattern: '*',
  semverRange: null,
  autoDeploy: true,
  autoPromote: false,
  publicPort: 8000 + id,
  maxInstances: 2,
  upstreamStageId,
  upstream: null,
  env: {},
  pollEnabled: true,
  mode: 'http',
  engine: 'local',
  url: `http://127.0.0.1:${String(8000 + id)}/`,
  live: { instanceId: 10 + id, deployId: 1, tag: '1.0', digest: 'sha256:abcdef0123456789', containerId: 'c', containerName: 'n', hostPort: 1, running: true, liveSince: 1 },
  stopped: false,
  activeDeployId: null,
  queued: 0,
  ...over,
});
