import type { Volume } from '../../preload/contract';
import type { ProjectVolumeView, VolumePlace, VolumeRef } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { volumeHostPath } from '../deployer/instance-volumes';
import { remoteVolumeName } from '../deployer/remote-volumes';

export const LOCAL = 'local';

export interface PlaceStage {
  readonly id: number;
  readonly name: string;
  /** The engine its containers (and so its named volumes) are on. */
  readonly engine: string;
  /** True when that engine is another machine: the deployer made its project, stage and instance volumes Docker volumes there. */
  readonly remote: boolean;
}

export interface PlaceInstance {
  readonly id: number;
  readonly stageId: number;
  readonly status: string;
  readonly containerId: string | null;
}

export interface PlaceInput {
  readonly projectId: number;
  readonly volumes: readonly Volume[];
  readonly stages: readonly PlaceStage[];
  /** Instances whose container should exist, newest first. */
  readonly instances: readonly PlaceInstance[];
  /** Names the volumes made on remote engines (see remoteVolumeName). */
  readonly installId: string;
}

/** The engine's file API reads a container's disk, not its memory, so a tmpfs cannot be opened from outside. */
export const TMPFS_REASON =
  'A memory-only (tmpfs) volume lives inside the running container, where the engine’s file access cannot reach; read it through the container’s logs or a volume of another scope.';

export const place = (label: string, stageId: number | null, instanceId: number | null, reason: string | null = null, engine?: string): VolumePlace => ({
  label,
  stageId,
  instanceId,
  browsable: reason === null,
  reason,
  ...(engine === undefined ? {} : { engine }),
});

/** " · on engine X" for a copy on another engine; nothing for this machine's. */
export const onEngine = (engine: string): string => (engine === LOCAL ? '' : ` · on engine ${engine}`);

/** Where a stage's project, stage and instance volumes are: this machine's folders, or its remote engine. */
const copyEngine = (s: PlaceStage): string => (s.remote ? s.engine : LOCAL);

function instanceLabel(stage: PlaceStage, i: PlaceInstance): string {
  return `${stage.name} · instance ${String(i.id)}${i.status === 'live' ? ' (live)' : ''}${onEngine(copyEngine(stage))}`;
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** The copies of a project volume: this machine's folder (while any stage uses it), and one per remote engine. */
function projectEngines(stages: readonly PlaceStage[]): string[] {
  const engines = unique(stages.map(copyEngine));
  return engines.length === 0 ? [LOCAL] : engines;
}

/** The engines holding a copy of a named volume: every engine a stage runs on. */
function namedEngines(stages: readonly PlaceStage[]): string[] {
  const engines = unique(stages.map((s) => s.engine));
  return engines.length === 0 ? [LOCAL] : engines;
}

/** Where each of a project's volumes can be opened, per its scope. */
export function volumePlaces(input: PlaceInput): readonly ProjectVolumeView[] {
  return input.volumes.map((v) => {
    let places: VolumePlace[];
    switch (v.scope) {
      case 'project':
        places = projectEngines(input.stages).map((e) => place(`shared by every stage${e === LOCAL ? '' : ` on engine ${e}`}`, null, null, null, e));
        break;
      case 'absolute':
        places = [place(v.source ?? '(no path)', null, null, v.source === undefined ? 'This volume has no host path.' : null, LOCAL)];
        break;
      case 'named':
        places = namedEngines(input.stages).map((e) => place(`Docker volume ${v.source ?? ''}${onEngine(e)}`, null, null, v.source === undefined ? 'This volume has no name.' : null, e));
        break;
      case 'stage':
        places = input.stages.map((s) => place(`${s.name}${onEngine(copyEngine(s))}`, s.id, null, null, copyEngine(s)));
        break;
      case 'instance':
        places = input.stages.flatMap((s) => {
          const own = input.instances.filter((i) => i.stageId === s.id && i.containerId !== null);
          return own.length > 0
            ? own.map((i) => place(instanceLabel(s, i), s.id, i.id, null, copyEngine(s)))
            : [place(`${s.name}${onEngine(copyEngine(s))}`, s.id, null, 'No instance yet: each instance gets its own copy when it is deployed.', copyEngine(s))];
        });
        break;
      case 'ephemeral':
        places = [place('in the container’s memory', null, null, TMPFS_REASON)];
        break;
    }
    return { target: v.target, scope: v.scope, source: v.source ?? null, readOnly: v.readOnly, places };
  });
}

/**
 * Where one opened copy lives: a host folder or a Docker volume on an engine. An `absolute` folder
 * must be under an allowed root, unless it is inside `home` (a stack's own folder).
 */
export type VolumeLocation =
  | { readonly kind: 'dir'; readonly root: string; readonly absolute: boolean; readonly home?: string }
  | { readonly kind: 'named'; readonly name: string; readonly engine: string };

/** The copy of a project or named volume on `engine` must be one a stage uses (or this machine's). */
function needEngine(engine: string, target: string, engines: readonly string[]): string {
  if (engine === LOCAL || engines.includes(engine)) return engine;
  throw new AppError('INVALID_INPUT', `No stage of this project runs on the engine "${engine}", so the volume at ${target} has no copy there: pick one of ${engines.join(', ')}.`);
}

export function locateVolume(input: PlaceInput, dataDir: string, ref: VolumeRef): VolumeLocation {
  const v = input.volumes.find((x) => x.target === ref.target);
  if (!v) throw new AppError('NOT_FOUND', `This project has no volume mounted at ${ref.target}. Refresh the page: its volumes may have changed.`);
  const needStage = (): PlaceStage => {
    const s = input.stages.find((x) => x.id === ref.stageId);
    if (!s) throw new AppError('INVALID_INPUT', `The volume at ${v.target} has one copy per stage: choose a stage of this project.`);
    return s;
  };
  const needInstance = (): PlaceInstance => {
    const s = needStage();
    const i = input.instances.find((x) => x.id === ref.instanceId && x.stageId === s.id);
    if (!i) throw new AppError('INVALID_INPUT', `The volume at ${v.target} has one copy per instance: choose an instance of stage ${s.name}.`);
    return i;
  };
  /** Whose copy of a project, stage or instance volume, and on which engine. */
  const ownerOf = (): { projectId: number; stageId: number; instanceId: number; engine: string } => {
    const projectId = input.projectId;
    if (v.scope === 'project') return { projectId, stageId: 0, instanceId: 0, engine: needEngine(ref.engine ?? LOCAL, v.target, projectEngines(input.stages)) };
    const s = needStage();
    if (v.scope === 'stage') return { projectId, stageId: s.id, instanceId: 0, engine: copyEngine(s) };
    return { projectId, stageId: s.id, instanceId: needInstance().id, engine: copyEngine(s) };
  };
  switch (v.scope) {
    case 'project':
    case 'stage':
    case 'instance': {
      const owner = ownerOf();
      if (owner.engine !== LOCAL) return { kind: 'named', name: remoteVolumeName(v, owner, input.installId) ?? '', engine: owner.engine };
      return { kind: 'dir', root: volumeHostPath({ dataDir, ...owner }, v) ?? '', absolute: false };
    }
    case 'absolute':
      if (v.source === undefined) throw new AppError('NOT_FOUND', 'This volume has no host path.');
      return { kind: 'dir', root: v.source, absolute: true };
    case 'named':
      if (v.source === undefined) throw new AppError('NOT_FOUND', 'This volume has no name.');
      return { kind: 'named', name: v.source, engine: needEngine(ref.engine ?? LOCAL, v.target, namedEngines(input.stages)) };
    case 'ephemeral':
      throw new AppError('CONFLICT', TMPFS_REASON);
  }
}
