import type { DeployRecord } from '../store/deploy-repo';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import { stageUrl } from './deps';

/** The `data` every deploy/stage event carries (hooks, notifications and the tray read it). */
export function deployEventData(
  project: ProjectRecord,
  stage: StageRecord,
  d: Pick<DeployRecord, 'tag' | 'digest' | 'trigger'>,
  extra: { durationMs?: number | null; reason?: string | null; [k: string]: unknown } = {},
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    project: project.name,
    stage: stage.name,
    tag: d.tag,
    digest: d.digest,
    trigger: d.trigger,
    url: stageUrl(stage.publicPort),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null) data[k] = v;
  return data;
}

export const shortDigest = (digest: string | null): string => (digest === null ? '?' : digest.replace(/^sha256:/, '').slice(0, 12));
