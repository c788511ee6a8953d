import type { ReactElement, ReactNode } from 'react';

/** One figure of a `stat-grid` list: its name, its value, and an optional line under it. */
export function Stat({ label, children, note, mono = false }: { readonly label: string; readonly children: ReactNode; readonly note?: ReactNode; readonly mono?: boolean }): ReactElement {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
      {note}
    </div>
  );
}
