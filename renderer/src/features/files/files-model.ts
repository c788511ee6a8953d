import type { ProjectVolumeView, VolumeEntry, VolumePlace, VolumeRef } from '../../../../preload/contract/volumes';

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

/** "db · " (or "web, db · ") before a compose stack's volume; nothing for the project's own. */
const servicePrefix = (v: ProjectVolumeView): string => (v.service === undefined ? '' : `${(v.services ?? [v.service]).join(', ')} · `);

/** Every openable copy of every volume as one list for a picker; the label names the service(s) and the engine. */
export function placeOptions(volumes: readonly ProjectVolumeView[]): readonly PlaceOption[] {
  return volumes.flatMap((v) =>
    v.places.map((p) => ({
      key: `${v.service ?? ''}|${v.target}|${String(p.stageId ?? '')}|${String(p.instanceId ?? '')}|${p.engine ?? ''}`,
      label: `${servicePrefix(v)}${v.target} — ${v.scope}, ${p.label}`,
      volume: v,
      place: p,
    })),
  );
}

/** The ref that opens one picked copy. */
export const placeRef = (projectId: number, o: PlaceOption): VolumeRef => ({
  projectId,
  target: o.volume.target,
  ...(o.place.stageId === null ? {} : { stageId: o.place.stageId }),
  ...(o.place.instanceId === null ? {} : { instanceId: o.place.instanceId }),
  ...(o.volume.service === undefined ? {} : { service: o.volume.service }),
  ...(o.place.engine === undefined || o.place.engine === 'local' ? {} : { engine: o.place.engine }),
});
