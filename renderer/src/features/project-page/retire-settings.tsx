import { useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { SectionSave } from './section-save';
import { useProjectUpdate } from './use-project-update';

/** How a project's instances are stopped and how long the previous one stays warm for an instant rollback. */
export function RetireSettings({ project }: { readonly project: Project }): ReactElement {
  const [init, setInit] = useState(project.init);
  const [warm, setWarm] = useState(String(project.warmRollbackSec));
  const { save, busy, error, setError } = useProjectUpdate(project.id);
  const submit = async (): Promise<void> => {
    const sec = Number(warm);
    if (!Number.isInteger(sec) || sec < 0 || sec > 86_400) return setError('Warm rollback is a whole number of seconds from 0 (stop at once) to 86400.');
    await save({ init, warmRollbackSec: sec });
  };
  return (
    <section className="card form-section" aria-labelledby="ps-retire">
      <h2 id="ps-retire">Stopping and rollback</h2>
      <label className="inline-check">
        <input type="checkbox" checked={init} onChange={(e) => setInit(e.target.checked)} /> Run Docker’s init as PID 1 (an app that ignores SIGTERM still stops at once; turn off for images with their own init)
      </label>
      <label>
        Warm rollback (seconds the previous version keeps running after a deploy; 0 stops it at once)
        <input type="text" inputMode="numeric" aria-label="Warm rollback seconds" value={warm} onChange={(e) => setWarm(e.target.value)} />
      </label>
      <SectionSave error={error} busy={busy} label="Save stopping and rollback" onSave={() => void submit()} />
    </section>
  );
}
