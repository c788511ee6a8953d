import { useEffect, useState, type ReactElement } from 'react';
import type { Deploy } from '../../../../preload/contract/deploys';
import { useProjects } from '../../state/projects-store';
import { bytes, duration } from '../../ui/time';
import { stepperModel, type StepStatus } from './stepper-model';
import { api } from '../../state/client-ref';

const mark: Record<StepStatus, string> = { pending: '○', running: '◐', done: '✓', failed: '✗', skipped: '–' };

/** Pull → Start → Health → Switch → Drain for one deploy as a vertical timeline with durations, live while it runs. */
export function DeployStepper({ deployId }: { readonly deployId: number }): ReactElement {
  const progress = useProjects((s) => s.progress.get(deployId) ?? null);
  const listed = useProjects((s) => s.deploys.find((d) => d.id === deployId) ?? null);
  const [deploy, setDeploy] = useState<Deploy | null>(listed);
  // The record is re-read when the list changes (events) so finished steps show their details.
  useEffect(() => {
    let live = true;
    void api().call('deploys.get', { id: deployId })
      .then((d) => live && setDeploy(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [deployId, listed]);
  const steps = stepperModel(deploy ?? listed, progress);
  const d = deploy ?? listed;
  return (
    <section className="stepper" aria-label={`Deploy ${d ? d.tag : String(deployId)} progress`}>
      <ol>
        {steps.map((s) => (
          <li key={s.label} className={`step step-${s.status}`} aria-current={s.status === 'running' ? 'step' : undefined}>
            <span className="step-mark" aria-hidden="true">
              {mark[s.status]}
            </span>
            <span className="step-label">{s.label}</span>
            <span className="visually-hidden">: {s.status}</span>
            <span className="step-duration">{s.durationMs !== null ? duration(s.durationMs) : ''}</span>
            {s.bytes && s.bytes.total > 0 && (
              <span className="step-bytes">
                <span className="bar" role="progressbar" aria-label="Pull progress" aria-valuemin={0} aria-valuemax={s.bytes.total} aria-valuenow={s.bytes.current}>
                  <span style={{ width: `${String(Math.round((s.bytes.current / s.bytes.total) * 100))}%` }} />
                </span>
                {bytes(s.bytes.current)} / {bytes(s.bytes.total)}
              </span>
            )}
            {s.rollout && s.rollout.total > 0 && (
              <span className="step-bytes">
                <span className="bar" role="progressbar" aria-label="Rolling update progress" aria-valuemin={0} aria-valuemax={s.rollout.total} aria-valuenow={s.rollout.updated}>
                  <span style={{ width: `${String(Math.round((s.rollout.updated / s.rollout.total) * 100))}%` }} />
                </span>
                {s.rollout.updated}/{s.rollout.total} updated
              </span>
            )}
            {s.health && (
              <span className="step-detail">
                attempt {s.health.attempts}
                {s.health.last !== null && `, last: ${s.health.last}`}
              </span>
            )}
            {!s.health && s.detail !== null && <span className="step-detail">{s.detail}</span>}
          </li>
        ))}
      </ol>
      {d?.status === 'failed' && d.error !== null && <p className="stage-problem">{d.error}</p>}
    </section>
  );
}
