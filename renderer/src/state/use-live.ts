import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/api-error';
import { api } from './client-ref';

/** Data loaded from main once, with `reload` for after a change and `setData` for an answer that carries the new state. */
export function useLoaded<T>(load: () => Promise<T>): { readonly data: T | null; readonly error: string | null; readonly reload: () => Promise<void>; readonly setData: (d: T) => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    (): Promise<void> =>
      load().then(
        (d) => {
          setData(d);
          setError(null);
        },
        (e: unknown) => setError(errorMessage(e)),
      ),
    [load],
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload, setData };
}

/** Data loaded from main and loaded again when an event of one of `prefixes` arrives (a burst reloads once). */
export function useLive<T>(load: () => Promise<T>, prefixes: readonly string[]): { readonly data: T | null; readonly error: string | null; readonly reload: () => void } {
  const { data, error, reload } = useLoaded(load);
  const key = prefixes.join('|');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api().subscribe('event', (e) => {
      if (!key.split('|').some((p) => e.type.startsWith(p))) return;
      timer ??= setTimeout(() => {
        timer = null;
        void reload();
      }, 250);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [reload, key]);
  return { data, error, reload: () => void reload() };
}

/** The time now, kept current (every 30 s) without calling Date.now during render. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  return now;
}
