import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/api-error';
import { addPage, mergeById, noPages, oldestId, type Pages } from './pages-model';

export interface PagedList<T extends { readonly id: number }> {
  readonly items: readonly T[] | null;
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  readonly error: string | null;
  /** Fetches the next older page (once at a time; nothing when the last page was short). */
  readonly loadOlder: () => void;
  /** A row that arrived live (or changed): merged in place. */
  readonly upsert: (row: T) => void;
}

/**
 * A list that can grow without bound (deliveries, deploys, hook deliveries), loaded a page at a time:
 * the newest page first, older ones as the user scrolls. `key` names the list; a new key starts over.
 */
export function usePages<T extends { readonly id: number }>(key: string, fetchPage: (beforeId: number | undefined, limit: number) => Promise<readonly T[]>, pageSize: number): PagedList<T> {
  // Pages belong to the key they were loaded for: a new key shows nothing until its first page.
  const [state, setState] = useState<{ readonly key: string; readonly pages: Pages<T> } | null>(null);
  const pages = state?.key === key ? state.pages : null;
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef(fetchPage);
  const busy = useRef(false);
  useEffect(() => {
    fetchRef.current = fetchPage;
  });
  useEffect(() => {
    let gone = false;
    busy.current = false;
    fetchRef
      .current(undefined, pageSize)
      .then((page) => !gone && (setState({ key, pages: addPage(noPages, page, pageSize) }), setError(null)))
      .catch((e: unknown) => !gone && (setState({ key, pages: { items: [], hasOlder: false } }), setError(errorMessage(e))));
    return () => {
      gone = true;
    };
  }, [key, pageSize]);
  const loadOlder = useCallback(() => {
    if (!pages?.hasOlder || busy.current) return;
    busy.current = true;
    setLoadingOlder(true);
    fetchRef
      .current(oldestId(pages.items), pageSize)
      .then((page) => setState((cur) => (cur?.key === key ? { key, pages: addPage(cur.pages, page, pageSize) } : cur)))
      .catch((e: unknown) => setError(errorMessage(e)))
      .finally(() => {
        busy.current = false;
        setLoadingOlder(false);
      });
  }, [pages, pageSize, key]);
  const upsert = useCallback((row: T) => setState((cur) => (cur ? { key: cur.key, pages: { ...cur.pages, items: mergeById(cur.pages.items, [row]) } } : cur)), []);
  return { items: pages?.items ?? null, hasOlder: pages?.hasOlder ?? false, loadingOlder, error, loadOlder, upsert };
}
