import type { AppEvent, Level, PushPayload, PushTopic } from '../../preload/contract';
import type { EventRepo } from '../store/event-repo';

export interface EventInput {
  readonly type: string;
  readonly message: string;
  readonly level?: Level;
  readonly projectId?: number | null;
  readonly stageId?: number | null;
  readonly deployId?: number | null;
  readonly data?: Record<string, unknown>;
}

export type PushListener = <T extends PushTopic>(topic: T, payload: PushPayload<T>) => void;
export type EventListener = (event: AppEvent) => void;

/**
 * The system's observations. `emit` persists to the event log, then tells listeners
 * (transports, notifications, outbound hooks); `push` is live-only state for the UI.
 * Loop rule: nothing that reacts to an event may trigger a deploy through this bus.
 */
export class EventBus {
  private readonly pushListeners = new Set<PushListener>();
  private readonly eventListeners = new Set<EventListener>();

  constructor(
    private readonly repo: EventRepo,
    private readonly now: () => number = Date.now,
  ) {}

  emit(input: EventInput): AppEvent {
    const event = this.repo.insert({
      ts: this.now(),
      type: input.type,
      level: input.level ?? 'info',
      message: input.message,
      projectId: input.projectId ?? null,
      stageId: input.stageId ?? null,
      deployId: input.deployId ?? null,
      data: input.data ?? {},
    });
    for (const l of this.eventListeners) safely(() => l(event));
    this.push('event', event);
    return event;
  }

  push<T extends PushTopic>(topic: T, payload: PushPayload<T>): void {
    for (const l of this.pushListeners) safely(() => l(topic, payload));
  }

  onPush(listener: PushListener): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
}

/** A failing listener must not stop the others nor the emitter. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    console.error('event listener failed', error);
  }
}
