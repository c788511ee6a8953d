import { useId, type ReactElement, type ReactNode } from 'react';

/** A labelled input with its error (from the form or the contract) right under it. */
export function Field(p: {
  readonly label: string;
  readonly error?: string | undefined;
  readonly help?: ReactNode;
  readonly children: (props: { id: string; 'aria-describedby': string; 'aria-invalid': boolean }) => ReactNode;
  readonly className?: string;
}): ReactElement {
  const id = useId();
  return (
    <div className={`field ${p.className ?? ''}`}>
      <label htmlFor={id}>{p.label}</label>
      {p.children({ id, 'aria-describedby': `${id}-help`, 'aria-invalid': p.error !== undefined })}
      <div id={`${id}-help`} className="field-help">
        {p.error !== undefined ? (
          <span className="field-error" role="alert">
            {p.error}
          </span>
        ) : (
          p.help
        )}
      </div>
    </div>
  );
}
