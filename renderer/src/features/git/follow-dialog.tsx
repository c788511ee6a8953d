import { useState, type ReactElement } from 'react';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { Dialog, DialogActions } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { Field } from '../new-project/form-field';
import { IdOptions } from '../../ui/id-options';

/** "Follow with project…": a push to a matching branch of `repo` redeploys a stage of the chosen project. */
export function FollowDialog({ repo, onClose, onFollowed }: { readonly repo: string; readonly onClose: () => void; readonly onFollowed: () => void }): ReactElement {
  const projects = useProjects((s) => s.projects);
  const [projectId, setProjectId] = useState<number | null>(projects[0]?.id ?? null);
  const project = projects.find((p) => p.id === projectId) ?? null;
  const [stageId, setStageId] = useState<number | null>(project?.stages[0]?.id ?? null);
  const [branch, setBranch] = useState('*');
  const [tag, setTag] = useState('');
  const { submit, busy, error } = useSubmit();
  const follow = async (): Promise<void> => {
    if (projectId === null || stageId === null) return;
    await submit(async () => {
      await api().call('git.follow', { projectId, repo, branch: branch.trim() === '' ? '*' : branch.trim(), action: { kind: 'redeploy', stageId, tag: tag.trim() === '' ? null : tag.trim() } });
      localToast(`${project?.name ?? 'The project'} follows ${repo}`, 'success', `A push to ${branch.trim() || '*'} redeploys ${project?.stages.find((s) => s.id === stageId)?.name ?? 'the stage'}.`, '/git');
      onFollowed();
      onClose();
    });
  };
  return (
    <Dialog
      open
      title={`Follow ${repo}`}
      onClose={onClose}
      actions={<DialogActions onCancel={onClose} onConfirm={() => void follow()} label="Follow" busyLabel="Following…" busy={busy} disabled={stageId === null} />}
    >
      {projects.length === 0 ? (
        <p>Add a project first (Projects → New project); then a push here can redeploy one of its stages.</p>
      ) : (
        <div className="grid-2">
          <Field label="Project">
            {(p) => (
              <select
                {...p}
                value={projectId ?? ''}
                onChange={(e) => {
                  const id = Number(e.target.value);
                  setProjectId(id);
                  setStageId(projects.find((x) => x.id === id)?.stages[0]?.id ?? null);
                }}
              >
                <IdOptions items={projects} />
              </select>
            )}
          </Field>
          <Field label="Stage to redeploy">
            {(p) => (
              <select {...p} value={stageId ?? ''} onChange={(e) => setStageId(Number(e.target.value))}>
                {(project?.stages ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Branches" help="A glob, e.g. main or release/*. Tag pushes never match.">
            {(p) => <input {...p} type="text" className="mono" value={branch} onChange={(e) => setBranch(e.target.value)} />}
          </Field>
          <Field label="Tag to re-pull" help="A moving tag such as dev. Empty: the stage’s live tag.">
            {(p) => <input {...p} type="text" className="mono" value={tag} onChange={(e) => setTag(e.target.value)} />}
          </Field>
        </div>
      )}
      {error !== null && <ErrorNote message={error} />}
    </Dialog>
  );
}
