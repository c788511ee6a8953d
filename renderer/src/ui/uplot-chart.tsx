import { useEffect, useRef, useState, type ReactElement } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  /** Builds the options for a width (uPlot needs pixel sizes). */
  readonly options: (width: number) => uPlot.Options;
  readonly data: uPlot.AlignedData;
  readonly label: string;
  readonly className?: string;
}

/** A uPlot chart that follows its container's width and takes new data without being rebuilt. */
export function UplotChart({ options, data, label, className }: ChartProps): ReactElement {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // Built once with the first options and data; later data goes through setData.
  const [initial] = useState(() => ({ options, data }));

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const p = new uPlot(initial.options(Math.max(200, el.clientWidth)), initial.data, el);
    plot.current = p;
    const ro = new ResizeObserver(() => p.setSize({ width: Math.max(200, el.clientWidth), height: p.height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      p.destroy();
      plot.current = null;
    };
  }, [initial]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div ref={box} className={`chart ${className ?? ''}`} role="img" aria-label={label} />;
}

/** A theme colour for canvas drawing (charts cannot read CSS variables themselves). */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}
