import { z } from 'zod';

const StreamMessageSchema = z.object({ topic: z.string(), payload: z.unknown() });
export type StreamMessage = z.infer<typeof StreamMessageSchema>;

/** Parses one SSE `data` field; anything malformed is dropped (returns null) rather than thrown. */
export function parseStreamMessage(data: string): StreamMessage | null {
  try {
    const parsed = StreamMessageSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Reconnect delay: quick at first, capped, so a restarted server is picked up within seconds. */
export function reconnectDelay(attempt: number): number {
  return Math.min(5000, 250 * 2 ** Math.max(0, attempt));
}

/** The highest event id seen, from an SSE `lastEventId` (empty for non-event topics). */
export function advanceLastId(current: number, lastEventId: string): number {
  const n = Number(lastEventId);
  return Number.isInteger(n) && n > current ? n : current;
}
