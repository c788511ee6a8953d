import type { MethodInput } from '../../../../preload/contract';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';

type ProjectPatch = Omit<MethodInput<'projects.update'>, 'id'>;

/** Saves part of a project's settings: progress while it runs, the server's refusal inline, a toast when done. */
export function useProjectUpdate(projectId: number): {
  readonly save: (patch: ProjectPatch) => Promise<void>;
  readonly busy: boolean;
  readonly error: string | null;
  readonly setError: (e: string | null) => void;
} {
  const { submit, busy, error, setError } = useSubmit();
  const save = (patch: ProjectPatch): Promise<void> =>
    submit(async () => {
      await api().call('projects.update', { id: projectId, ...patch });
      await useProjects.getState().load();
      localToast('Settings saved', 'success', 'They apply from the next deploy.', `/projects/${String(projectId)}/settings`);
    });
  return { save, busy, error, setError };
}
