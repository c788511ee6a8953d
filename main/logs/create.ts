import type Docker from 'dockerode';
import type { EventBus } from '../events/bus';
import type { Handlers } from '../dispatch/dispatch';
import type { RawRoute } from '../http/raw-route';
import type { LogLine } from '../logscan/scanner';
import type { Db } from '../store/db';
import { InstanceRepo } from '../store/instance-repo';
import { StageRepo } from '../store/stage-repo';
import { logHandlers } from './handlers';
import { logRawRoutes } from './http-routes';
import { LogService, type LogServiceDeps } from './log-service';

export interface LogsFeature {
  readonly service: LogService;
  readonly handlers: Pick<Handlers, 'logs.subscribe' | 'logs.renew' | 'logs.unsubscribe'>;
  readonly rawRoutes: readonly RawRoute[];
}

/** Live logs for the window and the log-scan rules, wired from what the app already has. */
export function createLogs(d: {
  readonly db: Db;
  readonly docker: (containerId?: string) => Docker;
  readonly bus: EventBus;
  readonly scan?: { consume(batch: readonly LogLine[]): void };
  /** Compose stacks' companions by service name (see LogServiceDeps). */
  readonly companion?: LogServiceDeps['companion'];
}): LogsFeature {
  const instances = new InstanceRepo(d.db);
  const stages = new StageRepo(d.db);
  const docker = d.docker;
  const service = new LogService({ docker, instances, stages, bus: d.bus, scan: d.scan, ...(d.companion ? { companion: d.companion } : {}) });
  return { service, handlers: logHandlers(service), rawRoutes: logRawRoutes({ docker, instances, stages, ...(d.companion ? { companion: d.companion } : {}) }) };
}
