import { create } from 'zustand';
import type { AppEvent } from '../../../preload/contract';

export interface NamedOption {
  readonly id: number;
  readonly name: string;
}

export interface StageName {
  readonly name: string;
  readonly projectId: number;
}

interface NamesState {
  readonly projects: ReadonlyMap<number, string>;
  readonly stages: ReadonlyMap<number, StageName>;
  set: (projects: ReadonlyMap<number, string>, stages: ReadonlyMap<number, StageName>) => void;
}

/** Project and stage names by id, filled by the projects store, so event lines can say "acme/web · prod". */
export const useNames = create<NamesState>()((set) => ({
  projects: new Map(),
  stages: new Map(),
  set: (projects, stages) => set({ projects, stages }),
}));

export const projectName = (names: ReadonlyMap<number, string>, id: number): string => names.get(id) ?? `project ${String(id)}`;
export const stageName = (names: ReadonlyMap<number, StageName>, id: number): string => names.get(id)?.name ?? `stage ${String(id)}`;

/** Filter options: every known project plus any id seen in events (deleted projects still have lines). */
export function projectOptions(events: readonly AppEvent[], names: ReadonlyMap<number, string>): readonly NamedOption[] {
  const ids = new Set<number>(names.keys());
  for (const e of events) if (e.projectId !== null) ids.add(e.projectId);
  return [...ids].map((id) => ({ id, name: projectName(names, id) })).sort((a, b) => a.name.localeCompare(b.name));
}

export function stageOptions(
  events: readonly AppEvent[],
  names: ReadonlyMap<number, StageName>,
  projectId: number | null,
): readonly NamedOption[] {
  const ids = new Set<number>();
  for (const [id, s] of names) if (projectId === null || s.projectId === projectId) ids.add(id);
  for (const e of events) if (e.stageId !== null && (projectId === null || e.projectId === projectId)) ids.add(e.stageId);
  return [...ids].map((id) => ({ id, name: stageName(names, id) })).sort((a, b) => a.name.localeCompare(b.name));
}

/** "acme/web · prod" for an event line, empty when the event concerns no project. */
export function whereLabel(e: AppEvent, projects: ReadonlyMap<number, string>, stages: ReadonlyMap<number, StageName>): string {
  if (e.projectId === null) return '';
  const p = projectName(projects, e.projectId);
  return e.stageId === null ? p : `${p} · ${stageName(stages, e.stageId)}`;
}
