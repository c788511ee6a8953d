import { useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { BusyButton } from '../../ui/action-button';
import { checkJson, patchOf, PatchSchema, toJsonText } from '../advanced-json/json-model';
import { AdvancedToggle, JsonEditor } from '../advanced-json/json-editor';
import { useProjectUpdate } from './use-project-update';

/** Settings → Advanced JSON: the project's definition as the `projects.update` patch, edited raw and checked against the contract before it is sent. */
export function ProjectJsonSection({ project }: { readonly project: Project }): ReactElement {
  const [on, setOn] = useState(false);
  const [text, setText] = useState(() => toJsonText(patchOf(project)));
  const [problems, setProblems] = useState<readonly string[]>([]);
  const { save, busy, error } = useProjectUpdate(project.id);
  const submit = async (): Promise<void> => {
    const checked = checkJson(text, PatchSchema);
    if (!checked.ok) return setProblems(checked.errors);
    setProblems([]);
    await save(checked.value);
  };
  return (
    <section className="card form-section" aria-labelledby="ps-json">
      <div className="row">
        <h2 id="ps-json" className="grow">
          Advanced JSON
        </h2>
        <AdvancedToggle on={on} onToggle={setOn} />
      </div>
      {on ? (
        <>
          <JsonEditor
            label="Project settings (JSON)"
            text={text}
            onText={setText}
            errors={error !== null ? [...problems, error] : problems}
            help="The projects.update patch: leave out what should stay. Secret variables are not shown; set them in Environment above."
          />
          <div className="form-actions">
            <BusyButton busy={busy} label="Save JSON" busyLabel="Saving…" onClick={() => void submit()} />
          </div>
        </>
      ) : (
        <p className="muted">The raw definition behind these forms, for what they do not show or to paste a whole set-up at once.</p>
      )}
    </section>
  );
}
