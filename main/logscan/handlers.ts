import type { PartialHandlers } from '../dispatch/dispatch';
import type { LogRuleService } from './log-rule-service';

export type LogRuleMethod = 'logRules.list' | 'logRules.create' | 'logRules.update' | 'logRules.remove';

export function logRuleHandlers(rules: LogRuleService): PartialHandlers<LogRuleMethod> {
  return {
    'logRules.list': ({ projectId }) => ({ rules: rules.list(projectId), stats: rules.stats() }),
    'logRules.create': (input) => rules.create(input),
    'logRules.update': (input) => rules.update(input),
    'logRules.remove': ({ id }) => {
      rules.remove(id);
      return { ok: true };
    },
  };
}
