import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactElement, type ReactNode } from 'react';

export interface WindowedListProps<T> {
  readonly items: readonly T[];
  /** Every row is this tall (px): the window is computed, never measured, so 10,000 rows cost what 50 do. */
  readonly rowHeight: number;
  readonly rowKey: (item: T) => number | string;
  readonly renderRow: (item: T, index: number) => ReactNode;
  readonly label: string;
  readonly className?: string;
  /** 'list' for a list of items, 'rowgroup' inside a role="table" with a header row. */
  readonly role?: 'list' | 'rowgroup';
  /** More rows can be fetched: asked for when the window nears the end. */
  readonly hasMore?: boolean;
  readonly loadingMore?: boolean;
  readonly onEndReached?: () => void;
  /** A short list is only as tall as its rows, up to this many (then it scrolls). Without it, the list fills its box. */
  readonly fitRows?: number;
}

/** A scrolling list that renders only the rows in view (and a few around them), fetching older pages as it nears the end. */
export function WindowedList<T>(p: WindowedListProps<T>): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is fine uncompiled; this component is not memoized by a compiler
  const virtual = useVirtualizer({
    count: p.items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => p.rowHeight,
    overscan: 8,
    getItemKey: (i) => {
      const item = p.items[i];
      return item === undefined ? i : p.rowKey(item);
    },
  });
  const rows = virtual.getVirtualItems();
  const lastShown = rows[rows.length - 1]?.index ?? -1;
  const { hasMore, loadingMore, onEndReached } = p;
  const count = p.items.length;
  useEffect(() => {
    if (hasMore === true && loadingMore !== true && lastShown >= count - 20) onEndReached?.();
  }, [lastShown, count, hasMore, loadingMore, onEndReached]);
  const itemRole = p.role === 'rowgroup' ? 'row' : 'listitem';
  return (
    <div
      ref={scroller}
      className={`windowed ${p.className ?? ''}`}
      role={p.role ?? 'list'}
      aria-label={p.label}
      aria-busy={loadingMore === true}
      style={p.fitRows !== undefined ? { height: Math.min(count, p.fitRows) * p.rowHeight + 2 } : undefined}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const item = p.items[row.index];
          if (item === undefined) return null;
          return (
            <div
              key={row.key}
              role={itemRole}
              aria-setsize={hasMore === true ? -1 : count}
              aria-posinset={row.index + 1}
              className="windowed-row"
              style={{ height: p.rowHeight, transform: `translateY(${String(row.start)}px)` }}
            >
              {p.renderRow(item, row.index)}
            </div>
          );
        })}
      </div>
      {loadingMore === true && <p className="muted windowed-more">Loading older rows…</p>}
    </div>
  );
}
