import type { ReactElement } from 'react';

/** A column title, or one with a right-aligned number column and a tooltip. */
export type Column = string | { readonly label: string; readonly num?: boolean; readonly title?: string };

/** A table's header row, closed by an unlabelled column for each row's action buttons (named for screen readers). */
export function TableHead({ columns }: { readonly columns: readonly Column[] }): ReactElement {
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
          <span className="visually-hidden">Actions</span>
        </th>
      </tr>
    </thead>
  );
}
