import type { ReactElement } from 'react';

/** A column title, or one with a right-aligned number column and a tooltip. */
export type Column = string | { readonly label: string; readonly num?: boolean; readonly title?: string };

/** A table's header row, closed by an unlabelled column for each row's buttons (named `actions` for screen readers). */
export function TableHead({ columns, actions = 'Actions' }: { readonly columns: readonly Column[]; readonly actions?: string }): ReactElement {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const { label, num = false, title } = typeof c === 'string' ? { label: c } : c;
          return (
            <th key={label} className={num ? 'num' : undefined} title={title}>
              {label}
            </th>
          );
        })}
        <th>
          <span className="visually-hidden">{actions}</span>
        </th>
      </tr>
    </thead>
  );
}
