import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';

type Listed = MethodOutput<'logRules.list'>;

/** Rules and counters for a scope, reloaded whenever the event stream says a rule fired or scanning fell behind. */
export function useLogRules(projectId: number | null): { readonly data: Listed | null; readonly error: string | null; readonly reload: () => void } {
  const [data, setData] = useState<Listed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api()
      .call('logRules.list', projectId === null ? {} : { projectId })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [projectId]);
  useEffect(() => {
    reload();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api().subscribe('event', (e) => {
      if (!e.type.startsWith('log-rule.') && !e.type.startsWith('log-scan.')) return;
      // A burst of firings reloads once.
      timer ??= setTimeout(() => {
        timer = null;
        reload();
      }, 250);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [reload]);
  return { data, error, reload };
}
