/** The rows [start, end) to render at a scroll position, when every row is `rowHeight` tall. */
export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): { readonly start: number; readonly end: number } {
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  return { start: Math.max(0, Math.min(count, first - overscan)), end: Math.max(0, Math.min(count, last + overscan)) };
}

/** Where to scroll so that row `index` sits in the middle of the viewport. */
export function centredScrollTop(index: number, viewportHeight: number, rowHeight: number): number {
  return Math.max(0, index * rowHeight - (viewportHeight - rowHeight) / 2);
}

export interface RowView {
  readonly firstRow: number;
  readonly height: number;
}

/**
 * Windowing for rows of one fixed height, as an external store over the scrolling element
 * (`attach` is its callback ref; read it with useSyncExternalStore). A general-purpose virtualizer
 * re-measures every row whenever the count changes — with a million log lines arriving 20 times a
 * second that alone fills the main thread — while this costs the same whatever the count. Listeners
 * hear only of changes to the first visible row or the viewport's height.
 */
export class RowWindow {
  private el: HTMLElement | null = null;
  private resize: ResizeObserver | null = null;
  private view: RowView = { firstRow: 0, height: 0 };
  private readonly listeners = new Set<() => void>();

  constructor(readonly rowHeight: number) {}

  attach = (el: HTMLElement | null): void => {
    if (this.el === el) return;
    this.el?.removeEventListener('scroll', this.sync);
    this.resize?.disconnect();
    this.resize = null;
    this.el = el;
    if (!el) return;
    el.addEventListener('scroll', this.sync, { passive: true });
    this.resize = new ResizeObserver(this.sync);
    this.resize.observe(el);
    this.sync();
  };

  /** Re-reads the scroll position (after changing it, so the rows render before the next paint). */
  sync = (): void => {
    const el = this.el;
    if (!el) return;
    const firstRow = Math.floor(el.scrollTop / this.rowHeight);
    if (firstRow === this.view.firstRow && el.clientHeight === this.view.height) return;
    this.view = { firstRow, height: el.clientHeight };
    for (const l of this.listeners) l();
  };

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  snapshot = (): RowView => this.view;

  /** The rows [start, end) to render for a view. */
  rows(view: RowView, count: number, overscan = 20): { readonly start: number; readonly end: number } {
    return visibleRows(view.firstRow * this.rowHeight, view.height, this.rowHeight, count, overscan);
  }

  scrollToEnd(): void {
    if (!this.el) return;
    this.el.scrollTop = this.el.scrollHeight;
    this.sync();
  }

  scrollToIndex(index: number): void {
    if (!this.el) return;
    this.el.scrollTop = centredScrollTop(index, this.el.clientHeight, this.rowHeight);
    this.sync();
  }
}
