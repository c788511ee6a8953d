import type { ReactElement, ReactNode } from 'react';

/** A form field's error, read out when it appears; nothing when there is none. `inline` keeps it on the field's line. */
export function FieldError({ children, inline = false }: { readonly children: ReactNode; readonly inline?: boolean }): ReactElement | null {
  if (children === null || children === undefined || children === '') return null;
  return inline ? (
    <span className="field-error" role="alert">
      {children}
    </span>
  ) : (
    <div className="field-error" role="alert">
      {children}
    </div>
  );
}
