import type { MethodArgs, MethodOutput } from '../../preload/contract';
import type { PartialHandlers } from '../dispatch/dispatch';
import type { LogRuleService } from './log-rule-service';

export type LogRuleMethod = 'logRules.list' | 'logRules.create' | 'logRules.update' | 'logRules.remove' | 'logRules.test';

export function logRuleHandlers(
  rules: LogRuleService,
  testPattern: (input: MethodArgs<'logRules.test'>) => Promise<MethodOutput<'logRules.test'>>,
): PartialHandlers<LogRuleMethod> {
  return {
    'logRules.list': ({ projectId }) => {
      const list = rules.list(projectId);
      return { rules: list, stats: rules.stats(), counters: rules.counters(list) };
    },
    'logRules.create': (input) => rules.create(input),
    'logRules.update': (input) => rules.update(input),
    'logRules.test': (input) => testPattern(input),
    'logRules.remove': ({ id }) => {
      rules.remove(id);
      return { ok: true };
    },
  };
}
