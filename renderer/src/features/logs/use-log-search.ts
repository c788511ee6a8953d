import { useEffect, useMemo, useState } from 'react';
import type { LogBuffer } from './log-buffer';
import { LogSearch } from './log-search';

/** Lines scanned per slice: small enough that a slice stays far below a long task. */
const SLICE = 20_000;

/** Matches of a query, computed in slices between frames and extended as lines arrive. */
export function useLogSearch(buffer: LogBuffer, query: string, version: number): { readonly matches: readonly number[]; readonly scanning: boolean; readonly count: number } {
  const search = useMemo(() => (query === '' ? null : new LogSearch(buffer, query)), [buffer, query]);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!search) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const step = (): void => {
      const more = search.advance(SLICE);
      setTick((t) => t + 1);
      timer = more ? setTimeout(step, 0) : null;
    };
    timer = setTimeout(step, 0);
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [search, version]);
  return { matches: search?.matches ?? [], scanning: search !== null && !search.done, count: search?.matches.length ?? 0 };
}
