import type { ReactElement } from 'react';

/** An error next to the thing it concerns: one sentence, optional details behind a disclosure. */
export function ErrorNote({ message, details, id }: { readonly message: string; readonly details?: string; readonly id?: string }): ReactElement {
  return (
    <div className="error-note" role="alert" id={id}>
      <span>{message}</span>
      {details !== undefined && details !== '' && (
        <details>
          <summary>Details</summary>
          <pre>{details}</pre>
        </details>
      )}
    </div>
  );
}
