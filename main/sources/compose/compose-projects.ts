import { AppError } from '../../dispatch/app-error';
import { syncStagePorts, type ExtraPortDeps } from '../../deployer/extra-ports';
import type { StageRecord } from '../../store/stage-repo';
import { trackedLimit } from './check';
import { checkComposeFile, type ComposeProblem, type ComposeService } from './compose-file';

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

/** Gives the stage one stable port for each container port of the tracked service after the first (the stage's own URL). */
export async function syncComposePorts(d: ExtraPortDeps, stage: StageRecord, services: readonly ComposeService[], freePort: () => Promise<number>): Promise<void> {
  const tracked = services.find((s) => s.tracked);
  await syncStagePorts(d, stage, tracked?.name ?? null, tracked ? tracked.ports.slice(1) : [], freePort);
}
