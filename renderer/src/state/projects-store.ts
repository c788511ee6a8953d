import { create } from 'zustand';
import type { Deploy, DeployProgress } from '../../../preload/contract/deploys';
import type { Project } from '../../../preload/contract/projects';
import { errorMessage } from '../api/api-error';
import { useNames, type StageName } from './names';
import { applyProgress, forgetProgress } from './progress-model';
import { api } from './client-ref';

interface ProjectsState {
  readonly projects: readonly Project[];
  /** Recent deploys of every project, newest first. */
  readonly deploys: readonly Deploy[];
  readonly progress: ReadonlyMap<number, DeployProgress>;
  readonly loaded: boolean;
  readonly error: string | null;
  load: () => Promise<void>;
  receiveProgress: (p: DeployProgress) => void;
  deployEnded: (deployId: number) => void;
}

function publishNames(projects: readonly Project[]): void {
  const p = new Map<number, string>();
  const s = new Map<number, StageName>();
  for (const project of projects) {
    p.set(project.id, project.name);
    for (const st of project.stages) s.set(st.id, { name: st.name, projectId: project.id });
  }
  useNames.getState().set(p, s);
}

let inFlight: Promise<void> | null = null;
/** One more load after the one in flight: it may have read the store before what prompted this ask. */
let trailing: Promise<void> | null = null;

export const useProjects = create<ProjectsState>()((set, get) => ({
  projects: [],
  deploys: [],
  progress: new Map(),
  loaded: false,
  error: null,
  load() {
    // Bursts of events (a deploy emits several) share one reload, plus one after it for the latest change.
    if (inFlight) {
      trailing ??= inFlight.then(() => {
        trailing = null;
        return get().load();
      });
      return trailing;
    }
    inFlight = (async () => {
      try {
        const [{ projects }, { deploys }] = await Promise.all([api().call('projects.list', {}), api().call('deploys.list', { limit: 500 })]);
        publishNames(projects);
        set({ projects, deploys, loaded: true, error: null });
      } catch (error) {
        set({ loaded: true, error: errorMessage(error) });
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  },
  receiveProgress: (p) => set((s) => ({ progress: applyProgress(s.progress, p) })),
  deployEnded: (deployId) => set((s) => ({ progress: forgetProgress(s.progress, deployId) })),
}));
