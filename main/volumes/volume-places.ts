import type { Volume } from '../../preload/contract';
import type { ProjectVolumeView, VolumePlace, VolumeRef } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { volumeHostPath } from '../deployer/instance-volumes';

export interface PlaceStage {
  readonly id: number;
  readonly name: string;
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
}

/** The engine's file API reads a container's disk, not its memory, so a tmpfs cannot be opened from outside. */
export const TMPFS_REASON =
  'A memory-only (tmpfs) volume lives inside the running container, where the engine’s file access cannot reach; read it through the container’s logs or a volume of another scope.';

const place = (label: string, stageId: number | null, instanceId: number | null, reason: string | null = null): VolumePlace => ({
  label,
  stageId,
  instanceId,
  browsable: reason === null,
  reason,
});

function instanceLabel(stage: PlaceStage, i: PlaceInstance): string {
  return `${stage.name} · instance ${String(i.id)}${i.status === 'live' ? ' (live)' : ''}`;
}

/** Where each of a project's volumes can be opened, per its scope. */
export function volumePlaces(input: PlaceInput): readonly ProjectVolumeView[] {
  return input.volumes.map((v) => {
    let places: VolumePlace[];
    switch (v.scope) {
      case 'project':
        places = [place('shared by every stage', null, null)];
        break;
      case 'absolute':
        places = [place(v.source ?? '(no path)', null, null, v.source === undefined ? 'This volume has no host path.' : null)];
        break;
      case 'named':
        places = [place(`Docker volume ${v.source ?? ''}`, null, null, v.source === undefined ? 'This volume has no name.' : null)];
        break;
      case 'stage':
        places = input.stages.map((s) => place(s.name, s.id, null));
        break;
      case 'instance':
        places = input.stages.flatMap((s) => {
          const own = input.instances.filter((i) => i.stageId === s.id && i.containerId !== null);
          return own.length > 0 ? own.map((i) => place(instanceLabel(s, i), s.id, i.id)) : [place(s.name, s.id, null, 'No instance yet: each instance gets its own copy when it is deployed.')];
        });
        break;
      case 'ephemeral':
        places = [place('in the container’s memory', null, null, TMPFS_REASON)];
        break;
    }
    return { target: v.target, scope: v.scope, source: v.source ?? null, readOnly: v.readOnly, places };
  });
}

/** Where one opened copy lives: a host folder or a Docker volume. */
export type VolumeLocation =
  | { readonly kind: 'dir'; readonly root: string; readonly absolute: boolean }
  | { readonly kind: 'named'; readonly name: string };

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
  switch (v.scope) {
    case 'project':
      return { kind: 'dir', root: volumeHostPath({ dataDir, projectId: input.projectId, stageId: 0, instanceId: 0 }, v) ?? '', absolute: false };
    case 'stage': {
      const s = needStage();
      return { kind: 'dir', root: volumeHostPath({ dataDir, projectId: input.projectId, stageId: s.id, instanceId: 0 }, v) ?? '', absolute: false };
    }
    case 'instance': {
      const i = needInstance();
      return { kind: 'dir', root: volumeHostPath({ dataDir, projectId: input.projectId, stageId: i.stageId, instanceId: i.id }, v) ?? '', absolute: false };
    }
    case 'absolute':
      if (v.source === undefined) throw new AppError('NOT_FOUND', 'This volume has no host path.');
      return { kind: 'dir', root: v.source, absolute: true };
    case 'named':
      if (v.source === undefined) throw new AppError('NOT_FOUND', 'This volume has no name.');
      return { kind: 'named', name: v.source };
    case 'ephemeral':
      throw new AppError('CONFLICT', TMPFS_REASON);
  }
}
