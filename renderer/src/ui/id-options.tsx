import type { ReactElement } from 'react';

/** The <option>s of a select that picks a project or stage by id, optionally after an "all" entry (value ""). */
export function IdOptions({ items, all }: { readonly items: readonly { readonly id: number; readonly name: string }[]; readonly all?: string }): ReactElement {
  return (
    <>
      {all !== undefined && <option value="">{all}</option>}
      {items.map((x) => (
        <option key={x.id} value={x.id}>
          {x.name}
        </option>
      ))}
    </>
  );
}
