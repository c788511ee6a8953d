import type { Volume } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { volumeDirName, type MountPlan, type VolumeOwner } from './instance-volumes';

/**
 * The Docker volume that holds a project, stage or instance volume on a remote engine (named after
 * installation, project, stage and instance, so it is shared exactly as the folder would be); null
 * for the scopes that are not Slipway's folders. The volume browser opens the same names.
 */
export function remoteVolumeName(v: Volume, owner: Omit<VolumeOwner, 'dataDir'>, installId: string): string | null {
  const prefix = `slipway-${installId.slice(0, 6)}-p${String(owner.projectId)}`;
  const named = (scope: string): string => `${prefix}-${scope}-${volumeDirName(v)}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
  switch (v.scope) {
    case 'project':
      return named('project');
    case 'stage':
      return named(`s${String(owner.stageId)}`);
    case 'instance':
      return named(`s${String(owner.stageId)}-i${String(owner.instanceId)}`);
    case 'named':
    case 'absolute':
    case 'ephemeral':
      return null;
  }
}

/**
 * The mounts of an instance on a remote engine. Folders under this machine's data directory do not
 * exist there, so project, stage and instance volumes become Docker named volumes on that engine
 * (see remoteVolumeName); a path of this machine is refused.
 */
export function remoteMounts(volumes: readonly Volume[], owner: Omit<VolumeOwner, 'dataDir'>, installId: string, engine: string): MountPlan {
  const mounts = volumes.map((v): MountPlan['mounts'][number] => {
    switch (v.scope) {
      case 'ephemeral':
        return { Type: 'tmpfs', Target: v.target, ReadOnly: v.readOnly };
      case 'named':
        return { Type: 'volume', Source: v.source ?? '', Target: v.target, ReadOnly: v.readOnly };
      case 'project':
      case 'stage':
      case 'instance':
        return { Type: 'volume', Source: remoteVolumeName(v, owner, installId) ?? '', Target: v.target, ReadOnly: v.readOnly };
      case 'absolute':
        throw new AppError(
          'INVALID_INPUT',
          `volume ${v.source ?? ''} is a folder of this machine, and the stage runs on the engine "${engine}": use a project, stage or named volume for stages on other engines`,
        );
    }
  });
  return { mounts, dirs: [] };
}
