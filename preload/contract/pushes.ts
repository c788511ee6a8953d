import { type z } from 'zod';
import { AppEventSchema } from './events';
import { EngineStatusSchema } from './system';
import { ToastSchema } from './toast';
import { HookDeliverySchema } from './hooks';
import { DeployProgressSchema } from './deploys';
import { LogBatchSchema } from './logs';
import { StatsSampleSchema } from './stats';
import { DeliverySummarySchema } from './deliveries';
import { EngineStateSchema } from './engines';
import { z as zod } from 'zod';

/**
 * Everything main pushes to the renderer, declared once. `event` lines are persisted
 * (the event log); the others are live state that is not kept.
 */
export const pushes = {
  event: AppEventSchema,
  'engine.status': EngineStatusSchema,
  /** An added engine became reachable or not (Settings → Engines, stage cards on it). */
  'engines.state': zod.object({ name: zod.string(), state: EngineStateSchema }),
  toast: ToastSchema,
  'deploy.progress': DeployProgressSchema,
  /** A hook delivery after each attempt, for the live delivery log. */
  'hooks.delivery': HookDeliverySchema,
  /** Container output for a log subscription (logs.subscribe), batched. */
  logs: LogBatchSchema,
  /** CPU and memory of a stage's live instance (stats.subscribe). */
  stats: StatsSampleSchema,
  /** An inbound webhook request as soon as it is recorded, for the live "Recent deliveries" view. */
  delivery: DeliverySummarySchema,
} as const;

export type Pushes = typeof pushes;
export type PushTopic = keyof Pushes;
export type PushPayload<T extends PushTopic> = z.infer<Pushes[T]>;
