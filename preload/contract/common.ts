import { z } from 'zod';

export const Empty = z.object({}).strict();
export const Id = z.number().int().positive();
export const Port = z.number().int().min(1).max(65535);
export const PortOrAny = z.number().int().min(0).max(65535);
export const Timestamp = z.number().int().nonnegative().describe('milliseconds since the Unix epoch');
export const Ok = z.object({ ok: z.literal(true) });
