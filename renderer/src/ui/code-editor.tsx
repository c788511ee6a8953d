import { useRef, type ReactElement } from 'react';

/** A plain-text editor for YAML or JSON: a textarea with line numbers beside it, lines with a problem marked. */
export function CodeEditor(p: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  /** 1-based lines to mark. */
  readonly marks?: ReadonlySet<number>;
  readonly rows?: number;
  readonly placeholder?: string;
  readonly describedBy?: string;
  readonly invalid?: boolean;
}): ReactElement {
  const gutter = useRef<HTMLDivElement>(null);
  const rows = p.rows ?? 14;
  const count = Math.max(p.value.split('\n').length, rows);
  return (
    <div className="code-editor">
      <div className="code-gutter" ref={gutter} aria-hidden="true">
        {Array.from({ length: count }, (_, i) => (
          <div key={i} className={p.marks?.has(i + 1) === true ? 'code-line-bad' : undefined}>
            {i + 1}
          </div>
        ))}
      </div>
      <textarea
        aria-label={p.label}
        aria-describedby={p.describedBy}
        aria-invalid={p.invalid === true}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        wrap="off"
        rows={rows}
        placeholder={p.placeholder}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        // The numbers follow the text as it scrolls.
        onScroll={(e) => gutter.current && (gutter.current.scrollTop = e.currentTarget.scrollTop)}
      />
    </div>
  );
}
