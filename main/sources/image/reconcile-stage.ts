import type Docker from 'dockerode';
import { logTail, removeContainer, startContainer, stopContainer } from '../../deployer/containers';
import { routeKey, type DeployerDeps } from '../../deployer/deps';
import { pruneStage } from '../../deployer/prune';
import type { InstanceMember, InstanceRecord } from '../../store/instance-repo';
import type { ProjectRecord } from '../../store/project-repo';
import type { StageRecord } from '../../store/stage-repo';
import type { ListedContainer, StagePass } from '../source';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Deps = Pick<DeployerDeps, 'docker' | 'projects' | 'instances' | 'routes' | 'bus' | 'reach' | 'stages'>;

/**
 * One reconciler pass over one image stage: every instance row agrees with its container (a vanished
 * live one is redeployed, a dead one restarted, leftovers of ended deploys removed), the stable port
 * points at the live instance, and stopped instances beyond `maxInstances` are pruned.
 */
export async function reconcileImageStage(d: Deps, retire: (stageId: number) => void, stage: StageRecord, pass: StagePass): Promise<void> {
  // Swarm keeps a service's tasks itself, and the Swarm pools keep its route.
  if (stage.target.kind === 'swarm') return;
  const project = d.projects.require(stage.projectId);
  const docker = d.docker(stage.engine);
  const find = (i: { containerId: string | null; containerName: string }): ListedContainer | undefined =>
    pass.listed.find((c) => (i.containerId !== null && c.Id === i.containerId) || c.Names.some((n) => n.replace(/^\//, '') === i.containerName));

  for (const inst of d.instances.present(stage.id)) {
    const c = find(inst);
    if (!c) {
      vanished(d, stage, inst, pass);
      continue;
    }
    pass.known.add(c.Id);
    await reconcileMembers(d, docker, project, stage, inst, find, pass);
    const isRunning = c.State === 'running' || c.State === 'restarting';
    // On a remote engine, the instances that serve (or may again at once) answer here through a tunnel.
    if (d.reach && c.State === 'running' && (inst.status === 'live' || inst.status === 'draining')) await d.reach.expose(stage.engine, inst.hostPort, c.Id).catch(() => undefined);
    pass.running.set(c.Id, c.State === 'running');
    switch (inst.status) {
      case 'creating':
      case 'ready':
        // Left by a deploy that ended (failed or interrupted and given up): nobody will use it.
        await removeContainer(docker, c.Id);
        d.instances.setStatus(inst.id, 'removed');
        pass.report.instancesForgotten.push(inst.id);
        break;
      case 'draining':
        // Warm, or interrupted while stopping: the retirer finishes it in the background.
        if (!isRunning && inst.warmUntil !== null) d.instances.coolDown(inst.id);
        retire(stage.id);
        break;
      case 'stopped':
        if (isRunning) await stopContainer(docker, c.Id, project.stopTimeoutSec);
        break;
      case 'live':
        if (!isRunning) await reviveLive(d, docker, project, stage, inst, c, pass);
        else pass.reported.delete(c.Id);
        break;
      case 'removed':
        break;
    }
  }

  await restoreRoute(d, project, stage, pass);
  pass.report.pruned.push(...(await pruneStage(d, stage.id, stage.maxInstances)));
}

/**
 * The instance's other containers (a compose generation's other tracked services) follow its
 * status: leftovers of ended deploys go, kept ones stay stopped, a live one's are started again;
 * one removed by hand gets a fresh generation, while this one serves until it is switched.
 */
async function reconcileMembers(d: Deps, docker: Docker, project: ProjectRecord, stage: StageRecord, inst: InstanceRecord, find: (m: InstanceMember) => ListedContainer | undefined, pass: StagePass): Promise<void> {
  for (const m of d.instances.members(inst.id)) {
    const c = find(m);
    if (c) pass.known.add(c.Id);
    const isRunning = c?.State === 'running' || c?.State === 'restarting';
    if (c) pass.running.set(c.Id, c.State === 'running');
    if (inst.status === 'creating' || inst.status === 'ready') {
      if (c) await removeContainer(docker, c.Id);
    } else if (inst.status === 'stopped') {
      if (c && isRunning) await stopContainer(docker, c.Id, project.stopTimeoutSec);
    } else if (inst.status === 'live' && !stage.stopped) {
      if (!c) {
        if (pass.reported.has(`member:${m.containerName}`)) continue;
        pass.reported.add(`member:${m.containerName}`);
        pass.died(stage, inst, `the ${m.service} container was removed outside Slipway`, null);
        const e = pass.enqueue({ stageId: stage.id, tag: inst.tag, digest: inst.digest, trigger: 'reconcile', reason: `the live ${m.service} container was removed outside Slipway`, force: true });
        pass.report.redeployed.push(e.deploy.id);
      } else if (!isRunning) {
        if (!pass.resumingAfterQuit && !pass.reported.has(c.Id)) pass.died(stage, inst, `its ${m.service} container stopped`, null, await logTail(docker, c.Id));
        await startContainer(docker, c.Id).catch(() => undefined);
        pass.running.set(c.Id, true);
        pass.reported.delete(c.Id);
        pass.report.restarted.push(m.containerName);
      } else {
        pass.reported.delete(c.Id);
      }
    }
  }
}

/** An instance whose container is gone: forgotten; a live one is redeployed. */
function vanished(d: Deps, stage: StageRecord, inst: InstanceRecord, pass: StagePass): void {
  d.instances.setStatus(inst.id, 'removed');
  pass.report.instancesForgotten.push(inst.id);
  if (inst.status !== 'live' || stage.stopped) return;
  // Removing a running container also kills it: that death may have been reported already.
  if (!pass.reported.has(inst.containerId ?? '')) pass.died(stage, inst, 'its container was removed outside Slipway', null);
  const e = pass.enqueue({ stageId: stage.id, tag: inst.tag, digest: inst.digest, trigger: 'reconcile', reason: 'the live container was removed outside Slipway', force: true });
  pass.report.redeployed.push(e.deploy.id);
}

/** A live instance whose container is not running: started again after a quit, else reported died and restarted (or redeployed). */
async function reviveLive(d: Deps, docker: Docker, project: ProjectRecord, stage: StageRecord, inst: InstanceRecord, c: ListedContainer, pass: StagePass): Promise<void> {
  if (pass.resumingAfterQuit) {
    await startContainer(docker, c.Id);
    pass.running.set(c.Id, true);
    pass.report.restarted.push(inst.containerName);
    return;
  }
  if (!pass.reported.has(c.Id)) {
    const code = Number(/Exited \((\d+)\)/.exec(c.State)?.[1] ?? NaN);
    const inspect = (await docker.getContainer(c.Id).inspect().catch(() => null)) as { State?: { ExitCode?: number } } | null;
    pass.died(stage, inst, 'its container stopped', inspect?.State?.ExitCode ?? (Number.isNaN(code) ? null : code), await logTail(docker, c.Id));
  }
  try {
    await startContainer(docker, c.Id);
    pass.running.set(c.Id, true);
    pass.reported.delete(c.Id);
    pass.report.restarted.push(inst.containerName);
    d.bus.emit({ type: 'instance.restarted', message: `${project.name} ${stage.name}: restarted ${inst.containerName}`, projectId: project.id, stageId: stage.id });
  } catch (error) {
    d.instances.setStatus(inst.id, 'removed');
    await removeContainer(docker, c.Id).catch(() => undefined);
    const e = pass.enqueue({ stageId: stage.id, tag: inst.tag, digest: inst.digest, trigger: 'reconcile', reason: `the live container would not restart: ${messageOf(error)}`, force: true });
    pass.report.redeployed.push(e.deploy.id);
  }
}

/** The stable port points at the live instance (or answers 503 when there is none). */
async function restoreRoute(d: Deps, project: ProjectRecord, stage: StageRecord, pass: StagePass): Promise<void> {
  const live = d.instances.live(stage.id);
  const want = { key: routeKey(stage.id), publicPort: stage.publicPort, mode: stage.mode, targetPort: live?.hostPort ?? null };
  const have = pass.routes.find((r) => r.key === want.key);
  if (have && have.publicPort === want.publicPort && have.mode === want.mode && have.targetPort === want.targetPort && have.listening) return;
  try {
    await d.routes.setRoute(want);
    pass.report.routesRestored.push(`${stage.name} → ${want.targetPort === null ? 'none' : String(want.targetPort)}`);
  } catch (error) {
    d.bus.emit({
      type: 'stage.port-unavailable',
      level: 'error',
      message: `${project.name} ${stage.name}: the stable port ${String(stage.publicPort)} cannot be served: ${messageOf(error)}. Free the port or choose another with stages.update.`,
      projectId: project.id,
      stageId: stage.id,
    });
  }
}
