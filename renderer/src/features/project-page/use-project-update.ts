import { useState } from 'react';
import type { MethodInput } from '../../../../preload/contract';
import { ApiError, errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';

type ProjectPatch = Omit<MethodInput<'projects.update'>, 'id'>;

/** Saves part of a project's settings: progress while it runs, the server's refusal inline, a toast when done. */
export function useProjectUpdate(projectId: number): {
  readonly save: (patch: ProjectPatch) => Promise<void>;
  readonly busy: boolean;
  readonly error: string | null;
  readonly setError: (e: string | null) => void;
} {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (patch: ProjectPatch): Promise<void> => {
    setBusy(true);
    try {
      await api().call('projects.update', { id: projectId, ...patch });
      setError(null);
      await useProjects.getState().load();
      localToast('Settings saved', 'success', 'They apply from the next deploy.');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { save, busy, error, setError };
}
