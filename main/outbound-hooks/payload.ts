import type { AppEvent } from '../../preload/contract';

/** The versioned body every hook receives. Receivers branch on `type` and `version`. */
export interface HookPayload {
  readonly type: string;
  readonly version: 1;
  readonly timestamp: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export function buildPayload(event: AppEvent): HookPayload {
  return {
    type: event.type,
    version: 1,
    timestamp: new Date(event.ts).toISOString(),
    data: {
      ...event.data,
      eventId: event.id,
      projectId: event.projectId,
      stageId: event.stageId,
      deployId: event.deployId,
      message: event.message,
    },
  };
}
