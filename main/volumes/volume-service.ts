import fsp from 'node:fs/promises';
import type Docker from 'dockerode';
import type { ProjectVolumeView, VolumeRef } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { isWithin } from '../projects/validate';
import type { InstanceRepo } from '../store/instance-repo';
import type { ProjectRepo } from '../store/project-repo';
import type { StageRepo } from '../store/stage-repo';
import { DirStore } from './dir-store';
import { openNamedVolume } from './engine-opener';
import { locateVolume, volumePlaces, type PlaceInput } from './volume-places';
import type { VolumeStore } from './volume-store';

export interface VolumeServiceDeps {
  readonly projects: Pick<ProjectRepo, 'get'>;
  readonly stages: Pick<StageRepo, 'byProject'>;
  readonly instances: Pick<InstanceRepo, 'present'>;
  readonly dataDir: string;
  /** The engine client, throwing ENGINE_UNAVAILABLE while the engine is down. */
  readonly docker: () => Docker;
  /** Today's allowed host roots (Settings): absolute volumes outside them are not opened. */
  readonly allowedRoots: () => readonly string[];
}

/** Opens the right store for a volume copy; every call opens, works and closes (no helper outlives a call). */
export class VolumeService {
  constructor(private readonly d: VolumeServiceDeps) {}

  private input(projectId: number): PlaceInput & { readonly images: readonly string[] } {
    const project = this.d.projects.get(projectId);
    if (!project) throw new AppError('NOT_FOUND', `Project ${String(projectId)} does not exist. Refresh the list and try again.`);
    const stages = this.d.stages.byProject(projectId);
    const instances = stages.flatMap((s) => this.d.instances.present(s.id));
    return {
      projectId,
      volumes: project.volumes,
      stages: stages.map((s) => ({ id: s.id, name: s.name })),
      instances: instances.map((i) => ({ id: i.id, stageId: i.stageId, status: i.status, containerId: i.containerId })),
      images: instances.map((i) => i.imageRef),
    };
  }

  views(projectId: number): readonly ProjectVolumeView[] {
    return volumePlaces(this.input(projectId));
  }

  async open(ref: VolumeRef): Promise<VolumeStore> {
    const input = this.input(ref.projectId);
    const loc = locateVolume(input, this.d.dataDir, ref);
    switch (loc.kind) {
      case 'dir': {
        if (!loc.absolute) return new DirStore(loc.root);
        // Judged by where links really lead, as the deployer does: a link under a root may point anywhere.
        const real = await fsp.realpath(loc.root).catch(() => {
          throw new AppError('NOT_FOUND', `${loc.root} does not exist on this machine (any more).`);
        });
        const roots = await Promise.all(this.d.allowedRoots().map((r) => fsp.realpath(r).catch(() => r)));
        if (!roots.some((r) => isWithin(r, real))) {
          throw new AppError('FORBIDDEN_PATH', `${loc.root} (really ${real}) is not under an allowed volume root (Settings → allowed host directories).`);
        }
        return new DirStore(real);
      }
      case 'named':
        return openNamedVolume(this.d.docker(), loc.name, input.images);
    }
  }

  async with<T>(ref: VolumeRef, fn: (store: VolumeStore) => Promise<T>): Promise<T> {
    const store = await this.open(ref);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }
}
