import type { ReactElement } from 'react';
import { nextStep } from './next-step';

/** An error next to the thing it concerns: one sentence, what to do next where that is known, optional details behind a disclosure. */
export function ErrorNote({ message, details, id }: { readonly message: string; readonly details?: string; readonly id?: string }): ReactElement {
  const next = nextStep(message);
  return (
    <div className="error-note" role="alert" id={id}>
      <span>{message}</span>
      {next !== null && <span className="error-next"> {next}</span>}
      {details !== undefined && details !== '' && (
        <details>
          <summary>Details</summary>
          <pre>{details}</pre>
        </details>
      )}
    </div>
  );
}
