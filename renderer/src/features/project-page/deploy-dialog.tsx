import { useEffect, useState, type ReactElement } from 'react';
import type { Stage } from '../../../../preload/contract/projects';
import { errorMessage } from '../../api/api-error';
import { imageTags } from '../../api/registry-calls';
import { Dialog, DialogActions } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { stageCommands } from '../project-list/stage-commands';

/** "Deploy…": pick a tag from the registry (or type one) and queue it on the stage. */
export function DeployDialog({ image, stage, onClose }: { readonly image: string; readonly stage: Stage; readonly onClose: () => void }): ReactElement {
  const [tags, setTags] = useState<readonly string[] | null>(null);
  const [tag, setTag] = useState('');
  const { submit, busy, error, setError } = useSubmit();
  useEffect(() => {
    let live = true;
    imageTags(image)
      .then((t) => {
        if (!live) return;
        setTags(t);
        setTag((cur) => (cur === '' ? (t[0] ?? '') : cur));
      })
      .catch((e: unknown) => live && setError(`Tags could not be listed: ${errorMessage(e)} You can still type a tag.`));
    return () => {
      live = false;
    };
  }, [image, setError]);
  const deploy = (): Promise<void> =>
    submit(async () => {
      const d = await stageCommands.deploy(stage.id, tag.trim());
      localToast(`Deploying ${d.tag} to ${stage.name}`, 'success', `Deploy #${String(d.id)} is ${d.status}.`, `/projects/${String(stage.projectId)}/deploys`);
      onClose();
    });
  return (
    <Dialog
      open
      title={`Deploy to ${stage.name}`}
      onClose={onClose}
      actions={<DialogActions onCancel={onClose} onConfirm={() => void deploy()} label={`Deploy ${tag}`} busyLabel="Queuing…" busy={busy} disabled={tag.trim() === ''} />}
    >
      <div className="field">
        <label htmlFor="deploy-tag">Tag</label>
        <input id="deploy-tag" className="mono" type="text" list="deploy-tags" value={tag} onChange={(e) => setTag(e.target.value)} autoFocus />
        <datalist id="deploy-tags">
          {(tags ?? []).map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <div className="field-help">{tags === null ? 'Reading tags from the registry…' : `${String(tags.length)} tags in ${image}; newest first.`}</div>
      </div>
      {tags !== null && tags.length > 0 && (
        <ul className="tag-list" aria-label="Tags in the registry">
          {tags.slice(0, 12).map((t) => (
            <li key={t}>
              <button type="button" className={t === tag ? 'chip chip-info' : 'chip'} aria-pressed={t === tag} onClick={() => setTag(t)}>
                {t}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ErrorNote message={error} />}
    </Dialog>
  );
}
