import { AppError } from '../../dispatch/app-error';
import type { StableRoutes } from '../../deployer/deps';
import type { ComposeRepo } from '../../store/compose-repo';
import type { StageRecord } from '../../store/stage-repo';
import { trackedLimit } from './check';
import { checkComposeFile, type ComposeProblem, type ComposeService } from './compose-file';
import { extraRouteKey } from './compose-source';

const where = (p: ComposeProblem): string => [p.service !== null ? `service "${p.service}"` : null, p.line !== null ? `line ${String(p.line)}` : null].filter(Boolean).join(', ');

/** The file's services, or INVALID_INPUT listing every problem with its service and line (nothing is saved). */
export function acceptComposeFile(yaml: string, repository: string, allowHostAccess: boolean): readonly ComposeService[] {
  const check = checkComposeFile(yaml, { repository, allowHostAccess });
  const problems = check.ok ? [trackedLimit(check.services)].filter((p) => p !== null) : check.problems;
  if (problems.length > 0 || !check.ok) {
    throw new AppError('INVALID_INPUT', `The compose file is not accepted:\n${problems.map((p) => `- ${where(p) ? `${where(p)}: ` : ''}${p.message}`).join('\n')}`, {
      issues: problems.map((p) => ({ path: ['compose'], message: `${where(p) ? `${where(p)}: ` : ''}${p.message}` })),
    });
  }
  return check.services;
}

/**
 * Gives the stage one stable port for each container port of the tracked service after the first
 * (the stage's own URL): new ports get a free public port reserved on the proxy (503 until a
 * deploy), ports gone from the file lose theirs.
 */
export async function syncStagePorts(
  d: { readonly compose: ComposeRepo; readonly routes: StableRoutes },
  stage: StageRecord,
  services: readonly ComposeService[],
  freePort: () => Promise<number>,
): Promise<void> {
  const tracked = services.find((s) => s.tracked);
  const wanted = tracked ? tracked.ports.slice(1) : [];
  const have = d.compose.stagePorts(stage.id);
  for (const p of have) {
    if (wanted.includes(p.containerPort)) continue;
    await d.routes.removeRoute(extraRouteKey(stage.id, p.containerPort)).catch(() => undefined);
    d.compose.removeStagePort(stage.id, p.containerPort);
  }
  for (const containerPort of wanted) {
    if (have.some((p) => p.containerPort === containerPort)) continue;
    const publicPort = await freePort();
    await d.routes.setRoute({ key: extraRouteKey(stage.id, containerPort), publicPort, mode: stage.mode, targetPort: null });
    d.compose.addStagePort({ stageId: stage.id, service: tracked?.name ?? null, containerPort, publicPort });
  }
}
