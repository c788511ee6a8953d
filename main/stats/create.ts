import type { PartialHandlers } from '../dispatch/dispatch';
import type Docker from 'dockerode';
import type { EventBus } from '../events/bus';
import type { Db } from '../store/db';
import { InstanceRepo } from '../store/instance-repo';
import { StageRepo } from '../store/stage-repo';
import { StatsService, type StatsServiceDeps } from './stats-service';

export interface StatsFeature {
  readonly service: StatsService;
  readonly handlers: PartialHandlers<'stats.subscribe' | 'stats.renew' | 'stats.unsubscribe'>;
}

export function createStats(d: {
  readonly db: Db;
  readonly docker: (containerId?: string) => Docker;
  readonly bus: EventBus;
  readonly service?: StatsServiceDeps['service'];
  readonly swarmTasks?: StatsServiceDeps['swarmTasks'];
}): StatsFeature {
  const service = new StatsService({ docker: d.docker, instances: new InstanceRepo(d.db), stages: new StageRepo(d.db), bus: d.bus, ...(d.service ? { service: d.service } : {}), ...(d.swarmTasks ? { swarmTasks: d.swarmTasks } : {}) });
  return {
    service,
    handlers: {
      'stats.subscribe': ({ stageId, service: name }) => service.subscribe(stageId, name),
      'stats.renew': ({ subscriptionId }) => (service.renew(subscriptionId), { ok: true as const }),
      'stats.unsubscribe': ({ subscriptionId }) => (service.unsubscribe(subscriptionId), { ok: true as const }),
    },
  };
}
