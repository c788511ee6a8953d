import { AppError } from '../../dispatch/app-error';
import { syncStagePorts, type ExtraPortDeps } from '../../deployer/extra-ports';
import type { StageRecord } from '../../store/stage-repo';
import { checkComposeFile, type ComposeProblem, type ComposeService } from './compose-file';
import { primaryService } from './instance-spec';
import { serviceMounts } from './stack-volumes';
import { isObj } from './file-values';

const where = (p: ComposeProblem): string => [p.service !== null ? `service "${p.service}"` : null, p.line !== null ? `line ${String(p.line)}` : null].filter(Boolean).join(', ');

/** The file's services, or INVALID_INPUT listing every problem with its service and line (nothing is saved). */
export function acceptComposeFile(yaml: string, repository: string, allowHostAccess: boolean): readonly ComposeService[] {
  const check = checkComposeFile(yaml, { repository, allowHostAccess });
  if (!check.ok) {
    const problems = check.problems;
    throw new AppError('INVALID_INPUT', `The compose file is not accepted:\n${problems.map((p) => `- ${where(p) ? `${where(p)}: ` : ''}${p.message}`).join('\n')}`, {
      issues: problems.map((p) => ({ path: ['compose'], message: `${where(p) ? `${where(p)}: ` : ''}${p.message}` })),
    });
  }
  return check.services;
}

/**
 * A stack on another engine runs on that engine's host: a bind folder would be that host's path, not
 * this stage's folder here. Refused (INVALID_INPUT, naming each service and folder) for a stage on
 * any engine but "local"; named volumes live on the engine and are fine.
 */
export function refuseRemoteBinds(services: readonly ComposeService[], engine: string, field: string): void {
  if (engine === 'local') return;
  const binds = services.flatMap((s) => (isObj(s.definition) ? serviceMounts(s.name, s.definition['volumes']) : [])).filter((m) => m.type === 'bind');
  if (binds.length === 0) return;
  const list = binds.map((m) => `service "${m.service}": ${m.source}:${m.target}`).join('; ');
  throw new AppError(
    'INVALID_INPUT',
    `${field}: a stage on the engine "${engine}" runs the stack on that engine's host, where a bind folder of this machine does not exist (${list}). Use named volumes there (a top-level "volumes:" key), or run the stage on "local".`,
    { issues: [{ path: field.split('.'), message: `bind mounts cannot be used on the engine "${engine}": ${list}` }] },
  );
}

/**
 * Gives the stage one stable port for each container port of every tracked service, except the
 * primary service's first (the stage's own URL); services no longer tracked lose theirs.
 */
export async function syncComposePorts(d: ExtraPortDeps, stage: StageRecord, services: readonly ComposeService[], freePort: () => Promise<number>): Promise<void> {
  const primary = primaryService(services);
  const tracked = services.filter((s) => s.tracked);
  for (const gone of new Set(d.extraPorts.stagePorts(stage.id).map((p) => p.service))) {
    if (!tracked.some((s) => s.name === gone)) await syncStagePorts(d, stage, gone, [], freePort);
  }
  for (const s of tracked) await syncStagePorts(d, stage, s.name, s === primary ? s.ports.slice(1) : s.ports, freePort);
}
