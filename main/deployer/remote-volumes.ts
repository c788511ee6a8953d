import type { Volume } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { volumeDirName, type MountPlan, type VolumeOwner } from './instance-volumes';

/**
 * The mounts of an instance on a remote engine. Folders under this machine's data directory do not
 * exist there, so project, stage and instance volumes become Docker named volumes on that engine
 * (named after installation, project, stage and instance, so they are shared exactly as the folders
 * would be); a path of this machine is refused.
 */
export function remoteMounts(volumes: readonly Volume[], owner: Omit<VolumeOwner, 'dataDir'>, installId: string, engine: string): MountPlan {
  const prefix = `slipway-${installId.slice(0, 6)}-p${String(owner.projectId)}`;
  const mounts = volumes.map((v): MountPlan['mounts'][number] => {
    const named = (scope: string): MountPlan['mounts'][number] => ({ Type: 'volume', Source: `${prefix}-${scope}-${volumeDirName(v)}`.replace(/[^a-zA-Z0-9_.-]/g, '-'), Target: v.target, ReadOnly: v.readOnly });
    switch (v.scope) {
      case 'ephemeral':
        return { Type: 'tmpfs', Target: v.target, ReadOnly: v.readOnly };
      case 'named':
        return { Type: 'volume', Source: v.source ?? '', Target: v.target, ReadOnly: v.readOnly };
      case 'project':
        return named('project');
      case 'stage':
        return named(`s${String(owner.stageId)}`);
      case 'instance':
        return named(`s${String(owner.stageId)}-i${String(owner.instanceId)}`);
      case 'absolute':
        throw new AppError(
          'INVALID_INPUT',
          `volume ${v.source ?? ''} is a folder of this machine, and the stage runs on the engine "${engine}": use a project, stage or named volume for stages on other engines`,
        );
    }
  });
  return { mounts, dirs: [] };
}
