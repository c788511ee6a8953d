import { useEffect, useState, type ReactElement } from 'react';
import type { Stage } from '../../../../preload/contract/projects';
import type { GitRef } from '../../../../preload/contract/static-refs';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { useSubmit } from '../../state/use-submit';
import { Dialog, DialogActions } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';

/** "Deploy…" for a static site: a branch or tag from the repository, or a commit sha typed in. */
export function StaticDeployDialog({ projectId, stage, onClose }: { readonly projectId: number; readonly stage: Stage; readonly onClose: () => void }): ReactElement {
  const [refs, setRefs] = useState<readonly GitRef[] | null>(null);
  const [ref, setRef] = useState('');
  const { submit, busy, error, setError } = useSubmit();
  useEffect(() => {
    let live = true;
    api()
      .call('static.refs', { projectId })
      .then((r) => {
        if (!live) return;
        setRefs(r.refs);
        setRef((cur) => (cur === '' ? r.branch : cur));
      })
      .catch((e: unknown) => live && setError(`Branches and tags could not be listed: ${errorMessage(e)} You can still type a branch, tag or commit sha.`));
    return () => {
      live = false;
    };
  }, [projectId, setError]);
  const deploy = (): Promise<void> =>
    submit(async () => {
      await api().call('stages.deploy', { stageId: stage.id, ref: ref.trim() });
      await useProjects.getState().load();
      onClose();
    });
  const picked = refs?.find((r) => r.name === ref.trim()) ?? null;
  const shown = (refs ?? []).slice(0, 16);
  return (
    <Dialog
      open
      title={`Deploy to ${stage.name}`}
      onClose={onClose}
      actions={<DialogActions onCancel={onClose} onConfirm={() => void deploy()} label={`Deploy ${ref.trim()}`} busyLabel="Queuing…" busy={busy} disabled={ref.trim() === ''} />}
    >
      <div className="field">
        <label htmlFor="deploy-ref">Branch, tag or commit sha</label>
        <input id="deploy-ref" className="mono" type="text" list="deploy-refs" value={ref} spellCheck={false} onChange={(e) => setRef(e.target.value)} autoFocus />
        <datalist id="deploy-refs">
          {(refs ?? []).map((r) => (
            <option key={`${r.kind}:${r.name}`} value={r.name} />
          ))}
        </datalist>
        <div className="field-help">
          {refs === null
            ? 'Reading branches and tags from the repository…'
            : picked
              ? `${picked.kind === 'branch' ? 'Branch' : 'Tag'} ${picked.name} is at ${picked.commit.slice(0, 7)}.`
              : 'A full 40-character commit sha deploys that commit, pinned.'}
        </div>
      </div>
      {shown.length > 0 && (
        <ul className="tag-list" aria-label="Branches and tags in the repository">
          {shown.map((r) => (
            <li key={`${r.kind}:${r.name}`}>
              <button type="button" className={r.name === ref.trim() ? 'chip chip-info' : 'chip'} aria-pressed={r.name === ref.trim()} title={`${r.kind} at ${r.commit.slice(0, 7)}`} onClick={() => setRef(r.name)}>
                {r.kind === 'tag' ? `tag ${r.name}` : r.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorNote message={error} />}
    </Dialog>
  );
}
