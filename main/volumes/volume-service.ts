import fsp from 'node:fs/promises';
import type Docker from 'dockerode';
import type { ProjectVolumeView, VolumeRef } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { isWithin } from '../projects/validate';
import type { ComposeRepo } from '../store/compose-repo';
import type { InstanceRepo } from '../store/instance-repo';
import type { ProjectRecord, ProjectRepo } from '../store/project-repo';
import type { StageRecord, StageRepo } from '../store/stage-repo';
import { DirStore } from './dir-store';
import { openNamedVolume } from './engine-opener';
import { callEngine, engineUnreachable, guardEngine } from './engine-guard';
import { locateStackVolume, parseStackFile, stackVolumeViews, type StackInput } from './stack-places';
import { LOCAL, locateVolume, volumePlaces, type PlaceInput, type PlaceStage, type VolumeLocation } from './volume-places';
import type { VolumeStore } from './volume-store';

/** What the volume browser needs to know of the engines stages run on. */
export interface VolumeEngines {
  /** True when the engine is another machine (the deployer makes scoped volumes Docker volumes there). */
  remote(name: string): boolean;
  /** Why the engine does not answer now, or null while it does. */
  down(name: string): string | null;
}

export interface VolumeServiceDeps {
  readonly projects: Pick<ProjectRepo, 'get'>;
  readonly stages: Pick<StageRepo, 'byProject'>;
  readonly instances: Pick<InstanceRepo, 'present'>;
  readonly dataDir: string;
  /** An engine's client ("local": this machine's), throwing ENGINE_UNAVAILABLE while it is down. */
  readonly docker: (engine: string) => Docker;
  /** Remote engines; without them every stage is taken to be on this machine's engine. */
  readonly engines?: VolumeEngines;
  /** This installation's id: it names the volumes made on remote engines. */
  readonly installId?: () => string;
  /** Compose projects' saved files, for the stacks' volumes and folders. */
  readonly compose?: Pick<ComposeRepo, 'project'>;
  /** Today's allowed host roots (Settings): absolute volumes outside them are not opened. */
  readonly allowedRoots: () => readonly string[];
}

type Input = PlaceInput & {
  /** Images of the project's instances on an engine (a helper container is made from one), those elsewhere after. */
  readonly images: (engine: string) => readonly string[];
  readonly stack: StackInput | null;
};

/** The engine a stage's containers, and so its named volumes, are on. */
const engineOf = (s: StageRecord): string => (s.target.kind === 'swarm' ? s.target.engine : s.engine);

/** Opens the right store for a volume copy; every call opens, works and closes (no helper outlives a call). */
export class VolumeService {
  constructor(private readonly d: VolumeServiceDeps) {}

  private input(projectId: number): Input {
    const project = this.d.projects.get(projectId);
    if (!project) throw new AppError('NOT_FOUND', `Project ${String(projectId)} does not exist. Refresh the list and try again.`);
    const stageRecords = this.d.stages.byProject(projectId);
    // A swarm service's volumes are folders of this machine as the deployer mounts them; a container stage elsewhere has engine volumes.
    const stages: PlaceStage[] = stageRecords.map((s) => ({ id: s.id, name: s.name, engine: engineOf(s), remote: s.target.kind === 'container' && (this.d.engines?.remote(s.engine) ?? false) }));
    const instances = stageRecords.flatMap((s) => this.d.instances.present(s.id));
    return {
      projectId,
      volumes: project.volumes,
      stages,
      instances: instances.map((i) => ({ id: i.id, stageId: i.stageId, status: i.status, containerId: i.containerId })),
      installId: this.d.installId?.() ?? '',
      images: (engine) => {
        const on = new Set(stages.filter((s) => s.engine === engine).map((s) => s.id));
        return [...instances.filter((i) => on.has(i.stageId)), ...instances.filter((i) => !on.has(i.stageId))].map((i) => i.imageRef);
      },
      stack: this.stackOf(project, stages),
    };
  }

  private stackOf(project: ProjectRecord, stages: readonly PlaceStage[]): StackInput | null {
    if (project.kind !== 'compose') return null;
    const saved = this.d.compose?.project(project.id);
    if (!saved) return null;
    const file = parseStackFile(saved.yaml);
    if (file === null) return null;
    return { projectName: project.name, dataDir: this.d.dataDir, file, stages };
  }

  views(projectId: number): readonly ProjectVolumeView[] {
    const input = this.input(projectId);
    return [...volumePlaces(input), ...(input.stack ? stackVolumeViews(input.stack) : [])];
  }

  private locate(input: Input, ref: VolumeRef): VolumeLocation {
    if (ref.service === undefined) return locateVolume(input, this.d.dataDir, ref);
    if (!input.stack) throw new AppError('NOT_FOUND', `This project has no compose file, so it has no service "${ref.service}". Leave out "service" to open the project's own volumes.`);
    return locateStackVolume(input.stack, { ...ref, service: ref.service });
  }

  async open(ref: VolumeRef): Promise<VolumeStore> {
    const input = this.input(ref.projectId);
    const loc = this.locate(input, ref);
    switch (loc.kind) {
      case 'dir':
        return new DirStore(loc.absolute ? await this.allowedFolder(loc.root, loc.home) : loc.root);
      case 'named': {
        if (loc.engine === LOCAL) return openNamedVolume(this.d.docker(LOCAL), loc.name, input.images(LOCAL));
        const why = this.d.engines?.down(loc.engine) ?? null;
        if (why !== null) throw engineUnreachable(loc.engine, why);
        const docker = this.d.docker(loc.engine);
        return guardEngine(loc.engine, await callEngine(loc.engine, () => openNamedVolume(docker, loc.name, input.images(loc.engine))));
      }
    }
  }

  /** A folder of this machine, judged by where links really lead (as the deployer does): inside `home`, or under an allowed root. */
  private async allowedFolder(root: string, home?: string): Promise<string> {
    const real = await fsp.realpath(root).catch(() => {
      throw new AppError('NOT_FOUND', `${root} does not exist on this machine (any more).`);
    });
    const realHome = home === undefined ? null : await fsp.realpath(home).catch(() => null);
    if (realHome !== null && isWithin(realHome, real)) return real;
    const roots = await Promise.all(this.d.allowedRoots().map((r) => fsp.realpath(r).catch(() => r)));
    if (!roots.some((r) => isWithin(r, real))) {
      throw new AppError('FORBIDDEN_PATH', `${root} (really ${real}) is not under an allowed volume root (Settings → allowed host directories).`);
    }
    return real;
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
