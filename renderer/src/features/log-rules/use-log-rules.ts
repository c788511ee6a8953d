import { useCallback } from 'react';
import type { MethodOutput } from '../../../../preload/contract';
import { api } from '../../state/client-ref';
import { useLive } from '../../state/use-live';

type Listed = MethodOutput<'logRules.list'>;

const RULE_EVENTS = ['log-rule.', 'log-scan.'] as const;

/** Rules and counters for a scope, reloaded whenever the event stream says a rule fired or scanning fell behind. */
export function useLogRules(projectId: number | null): { readonly data: Listed | null; readonly error: string | null; readonly reload: () => void } {
  const load = useCallback(() => api().call('logRules.list', projectId === null ? {} : { projectId }), [projectId]);
  return useLive(load, RULE_EVENTS);
}
