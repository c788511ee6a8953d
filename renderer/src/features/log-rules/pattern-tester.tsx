import { useState, type ReactElement } from 'react';
import type { MethodOutput, Project } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { clockTime } from '../../ui/time';
import { patternError, type RuleForm } from './rule-form';

type TestResult = MethodOutput<'logRules.test'>;

/** Runs the pattern being edited over a project's recent log lines (in main, with the same refusal a rule gets). */
export function PatternTester({ form, projects, fixedProjectId, onRefused }: {
  readonly form: RuleForm;
  readonly projects: readonly Project[];
  readonly fixedProjectId: number | null;
  readonly onRefused: (reason: string | null) => void;
}): ReactElement {
  const [projectId, setProjectId] = useState<number | null>(fixedProjectId ?? projects[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    if (projectId === null) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await api().call('logRules.test', { projectId, pattern: form.pattern, ignoreCase: form.ignoreCase, stream: form.stream, lines: 500 }));
      onRefused(null);
    } catch (e) {
      setResult(null);
      const refusal = patternError(errorMessage(e));
      if (refusal !== null) onRefused(refusal);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  if (projects.length === 0 && fixedProjectId === null) return <p className="muted tester">Add a project to try patterns against its log lines.</p>;
  return (
    <section className="tester" aria-label="Pattern tester">
      <div className="input-row">
        {fixedProjectId === null && (
          <select aria-label="Test against project" value={projectId ?? ''} onChange={(e) => setProjectId(Number(e.target.value))}>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="btn" disabled={busy || form.pattern.trim() === ''} aria-busy={busy} onClick={() => void run()}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Testing…' : 'Test against recent lines'}
        </button>
      </div>
      {error !== null && <p className="field-error">{error}</p>}
      {result !== null && (
        <>
          <p role="status">
            {result.linesRead === 0
              ? 'Nothing is running to read lines from: deploy a stage, then test again.'
              : `${String(result.matched)} of the last ${String(result.linesRead)} lines match.`}
          </p>
          {result.matches.length > 0 && (
            <ol className="tester-lines" aria-label="Matching lines">
              {result.matches.map((m, i) => (
                <li key={i}>
                  <span className="muted">
                    {clockTime(m.ts)} {m.stage} {m.stream}
                  </span>
                  {m.text}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
