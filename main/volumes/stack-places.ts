import { parse as parseYaml } from 'yaml';
import type { ProjectVolumeView, VolumePlace, VolumeRef } from '../../preload/contract/volumes';
import { AppError } from '../dispatch/app-error';
import { isObj } from '../sources/compose/file-values';
import { composeEngineName, stackDir, stackName } from '../sources/compose/stack-plan';
import { bindSource, isStackRelative, stackMounts, type StackMount } from '../sources/compose/stack-volumes';
import { LOCAL, place, TMPFS_REASON, type PlaceStage, type VolumeLocation } from './volume-places';

/** A compose project's file and stages: what its stack volumes are opened from. */
export interface StackInput {
  readonly projectName: string;
  readonly dataDir: string;
  /** The saved compose file, parsed (YAML as JSON). */
  readonly file: unknown;
  readonly stages: readonly PlaceStage[];
}

/**
 * A saved compose file as JSON, merge keys (`<<: *defaults`) applied as Compose applies them; null
 * when it no longer parses (it was checked when saved, so it then has no volumes to offer).
 */
export function parseStackFile(yaml: string): unknown {
  try {
    return parseYaml(yaml, { merge: true }) as unknown;
  } catch {
    return null;
  }
}

/** Mounts of the same volume or folder, whichever services mount it. */
interface Group {
  readonly first: StackMount;
  readonly services: string[];
}

function groups(file: unknown): Group[] {
  const byKey = new Map<string, Group>();
  for (const m of stackMounts(file)) {
    // tmpfs mounts are each their own; volumes and folders are shared by whoever mounts them.
    const key = m.type === 'tmpfs' ? `tmpfs:${m.service}:${m.target}` : `${m.type}:${m.source}`;
    const g = byKey.get(key);
    if (!g) byKey.set(key, { first: m, services: [m.service] });
    else if (!g.services.includes(m.service)) g.services.push(m.service);
  }
  return [...byKey.values()];
}

const topVolumes = (file: unknown): unknown => (isObj(file) ? file['volumes'] : undefined);

/** The Docker volume a stage's stack uses for a top-level volume (`<stack>_<key>`, or its own `name:`). */
const volumeOf = (input: StackInput, stage: PlaceStage, key: string): string => composeEngineName(stackName(input.projectName, stage.name), key, topVolumes(input.file));

/**
 * The stack's named volumes and bind folders, one view each, labelled with the services that mount
 * them: a named volume and a folder relative to the stack have one copy per stage (each stage runs
 * its own stack); an absolute folder is the same for every stage.
 */
export function stackVolumeViews(input: StackInput): ProjectVolumeView[] {
  return groups(input.file).map(({ first: m, services }) => {
    let scope: ProjectVolumeView['scope'];
    let places: VolumePlace[];
    if (m.type === 'tmpfs') {
      scope = 'ephemeral';
      places = [place('in the container’s memory', null, null, TMPFS_REASON)];
    } else if (m.type === 'volume') {
      scope = 'named';
      // Each stage's stack runs on its stage's engine, and so do its named volumes.
      places = input.stages.map((s) => place(`${s.name} · Docker volume ${volumeOf(input, s, m.source)}`, s.id, null, null, s.engine));
    } else if (isStackRelative(m.source)) {
      scope = 'stage';
      places = input.stages.map((s) => place(`${s.name} · ${bindSource(stackDir(input.dataDir, s.id), m.source)}`, s.id, null, null, LOCAL));
    } else {
      scope = 'absolute';
      places = [place(bindSource('/', m.source), null, null, null, LOCAL)];
    }
    return { target: m.target, scope, source: m.source === '' ? null : m.source, readOnly: m.readOnly, places, service: m.service, services };
  });
}

/** Where the copy a ref names lives: the stack's volume on the engine, or a folder of this machine. */
export function locateStackVolume(input: StackInput, ref: VolumeRef & { readonly service: string }): VolumeLocation {
  const m = stackMounts(input.file).find((x) => x.service === ref.service && x.target === ref.target);
  if (!m) throw new AppError('NOT_FOUND', `The service "${ref.service}" mounts nothing at ${ref.target} in this project's compose file. Refresh the page: the file may have changed.`);
  if (m.type === 'tmpfs') throw new AppError('CONFLICT', TMPFS_REASON);
  if (m.type === 'bind' && !isStackRelative(m.source)) return { kind: 'dir', root: bindSource('/', m.source), absolute: true };
  const stage = input.stages.find((s) => s.id === ref.stageId);
  if (!stage) throw new AppError('INVALID_INPUT', `Each stage runs its own copy of the stack, so ${ref.service}'s ${ref.target} has one copy per stage: choose a stage of this project.`);
  if (m.type === 'volume') return { kind: 'named', name: volumeOf(input, stage, m.source), engine: stage.engine };
  const home = stackDir(input.dataDir, stage.id);
  return { kind: 'dir', root: bindSource(home, m.source), absolute: true, home };
}
