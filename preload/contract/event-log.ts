import { z } from 'zod';
import { method } from './define';
import { AppEventSchema, EventFilterSchema } from './events';

export const eventLogMethods = {
  'events.list': method(EventFilterSchema, z.object({ events: z.array(AppEventSchema) }), 'Event log, newest first, with filters.'),
} as const;
