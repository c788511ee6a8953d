import type { ProjectVolumeView, VolumeEntry, VolumePlace } from '../../../../preload/contract/volumes';

export interface Crumb {
  readonly name: string;
  readonly path: string;
}

/** "a/b/c" → Root, a, a/b, a/b/c. */
export function crumbs(path: string, rootName: string): readonly Crumb[] {
  const parts = path === '' ? [] : path.split('/');
  return [{ name: rootName, path: '' }, ...parts.map((name, i) => ({ name, path: parts.slice(0, i + 1).join('/') }))];
}

export const joinPath = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

/** Folders first, then by name. */
export function sortEntries(entries: readonly VolumeEntry[]): readonly VolumeEntry[] {
  return [...entries].sort((a, b) => Number(b.kind === 'dir') - Number(a.kind === 'dir') || a.name.localeCompare(b.name));
}

export interface PlaceOption {
  readonly key: string;
  readonly label: string;
  readonly volume: ProjectVolumeView;
  readonly place: VolumePlace;
}

/** Every openable copy of every volume as one list for a picker. */
export function placeOptions(volumes: readonly ProjectVolumeView[]): readonly PlaceOption[] {
  return volumes.flatMap((v) =>
    v.places.map((p) => ({
      key: `${v.target}|${String(p.stageId ?? '')}|${String(p.instanceId ?? '')}`,
      label: `${v.target} — ${v.scope}, ${p.label}`,
      volume: v,
      place: p,
    })),
  );
}
