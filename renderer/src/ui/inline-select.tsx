import { useId, type ReactElement, type ReactNode } from 'react';

/** A compact labelled select for toolbars: label beside it, tied by id (its name is just the label). */
export function InlineSelect(p: { readonly label: string; readonly value: string | number; readonly onChange: (value: string) => void; readonly children: ReactNode }): ReactElement {
  const id = useId();
  return (
    <span className="field-inline">
      <label htmlFor={id}>{p.label}</label>
      <select id={id} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        {p.children}
      </select>
    </span>
  );
}
