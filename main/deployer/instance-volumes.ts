import path from 'node:path';
import type { Volume } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { isWithin, resolveLinks } from '../projects/validate';

export interface VolumeOwner {
  readonly dataDir: string;
  readonly projectId: number;
  readonly stageId: number;
  readonly instanceId: number;
}

/** Directory name for a scoped volume: its `source`, else its target path ("/var/lib/db" → "var-lib-db"). */
export function volumeDirName(v: Volume): string {
  return v.source ?? (v.target.replace(/^\/+|\/+$/g, '').replace(/[^a-zA-Z0-9_.-]+/g, '-') || 'root');
}

/** Where `project`, `stage` and `instance` volumes live on the host, under Slipway's data directory. */
export function volumeHostPath(o: VolumeOwner, v: Volume): string | null {
  const base = path.join(o.dataDir, 'volumes', `p${String(o.projectId)}`);
  switch (v.scope) {
    case 'project':
      return path.join(base, 'project', volumeDirName(v));
    case 'stage':
      return path.join(base, `s${String(o.stageId)}`, 'stage', volumeDirName(v));
    case 'instance':
      return path.join(base, `s${String(o.stageId)}`, `i${String(o.instanceId)}`, volumeDirName(v));
    case 'absolute':
      return v.source ?? null;
    case 'ephemeral':
    case 'named':
      return null;
  }
}

export const projectVolumesDir = (dataDir: string, projectId: number): string => path.join(dataDir, 'volumes', `p${String(projectId)}`);

export interface MountPlan {
  /** Every mount as a `Mounts` entry: a bind's missing source is an error, never a folder the engine makes up. */
  readonly mounts: readonly { Type: 'bind' | 'volume' | 'tmpfs'; Source?: string; Target: string; ReadOnly: boolean }[];
  /** Host directories to create before the container starts. */
  readonly dirs: readonly string[];
}

/**
 * Turns a project's volumes into Docker mounts; re-checks absolute paths against today's allowed roots.
 * `realpath` resolves links first (fs.realpathSync in the app), so a link under an allowed root that
 * points at `/` or the Docker socket is judged by where it really leads.
 */
export function planMounts(volumes: readonly Volume[], owner: VolumeOwner, allowedRoots: readonly string[], realpath: (p: string) => string): MountPlan {
  const mounts: MountPlan['mounts'][number][] = [];
  const dirs: string[] = [];
  for (const v of volumes) {
    switch (v.scope) {
      case 'ephemeral':
        mounts.push({ Type: 'tmpfs', Target: v.target, ReadOnly: v.readOnly });
        break;
      case 'named':
        mounts.push({ Type: 'volume', Source: v.source ?? '', Target: v.target, ReadOnly: v.readOnly });
        break;
      case 'absolute': {
        const src = realSource(v.source ?? '', realpath);
        if (!allowedRoots.some((r) => isWithin(resolveLinks(r, { realpath }), src))) {
          throw new AppError('FORBIDDEN_PATH', `volume ${v.source ?? ''} (really ${src}) is not under an allowed volume root: add its parent in Settings or change the project's volumes`);
        }
        mounts.push({ Type: 'bind', Source: src, Target: v.target, ReadOnly: v.readOnly });
        break;
      }
      case 'project':
      case 'stage':
      case 'instance': {
        const dir = volumeHostPath(owner, v) ?? '';
        dirs.push(dir);
        mounts.push({ Type: 'bind', Source: dir, Target: v.target, ReadOnly: v.readOnly });
        break;
      }
    }
  }
  return { mounts, dirs };
}

function realSource(src: string, realpath: (p: string) => string): string {
  try {
    return realpath(path.resolve(src));
  } catch (e) {
    throw new AppError('NOT_FOUND', `volume source ${src} cannot be resolved (${e instanceof Error ? e.message : String(e)}); create it on the host first`);
  }
}
