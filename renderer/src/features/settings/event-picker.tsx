import type { ReactElement } from 'react';

/** The events chosen; null is every event, today's and those added later. */
export type Chosen<T extends string> = ReadonlySet<T> | null;

/** "Events to send" checkboxes for hooks and channels: unticking from "all" keeps the rest; ticking every one returns to "all". */
export function EventPicker<T extends string>({ types, value, onChange, idPrefix, label = (t) => t }: { readonly types: readonly T[]; readonly value: Chosen<T>; readonly onChange: (e: Chosen<T>) => void; readonly idPrefix: string; readonly label?: (t: T) => string }): ReactElement {
  const toggle = (t: T): void => {
    const next = new Set(value ?? types);
    if (next.has(t)) next.delete(t);
    else next.add(t);
    onChange(next.size === types.length ? null : next);
  };
  return (
    <fieldset className="field">
      <legend>Events to send</legend>
      <div className="grid-3">
        {types.map((t) => (
          <label key={t} className="inline-check" htmlFor={`${idPrefix}-${t}`}>
            <input id={`${idPrefix}-${t}`} type="checkbox" checked={value === null || value.has(t)} onChange={() => toggle(t)} /> {label(t)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
