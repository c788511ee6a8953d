import { z } from 'zod';
import { portSchema, routeSpecSchema } from './route-spec';

/**
 * The control channel: HTTP + JSON over the state dir's unix socket.
 *   GET    /health              → ProxyHealth
 *   GET    /routes              → { routes: RouteStatus[] }
 *   PUT    /routes              RouteSpec → { route: RouteStatus }
 *   DELETE /routes/<key>        → { ok: true }
 *   POST   /drain               DrainRequest → DrainResult (long poll)
 *   POST   /shutdown            → { ok: true }, then the process exits
 * Failures answer 4xx/5xx with { error: string }.
 */
export const PROXY_PROTOCOL_VERSION = 1;

export const healthSchema = z.object({
  ok: z.literal(true),
  service: z.literal('slipway-proxy'),
  protocol: z.number().int(),
  pid: z.number().int(),
  stateDir: z.string(),
  startedAt: z.number(),
  routes: z.number().int(),
});
export type ProxyHealth = z.infer<typeof healthSchema>;

export const routeStatusSchema = routeSpecSchema.and(
  z.object({
    listening: z.boolean(),
    error: z.string().nullable(),
    inflight: z.record(z.string(), z.number().int()),
  }),
);

export const routeListSchema = z.object({ routes: z.array(routeStatusSchema) });
export const routeResultSchema = z.object({ route: routeStatusSchema });

export const drainRequestSchema = z.object({
  key: z.string().min(1),
  targetPort: portSchema,
  timeoutMs: z.number().int().min(0).max(24 * 3600 * 1000),
});

export const drainResultSchema = z.object({ drained: z.boolean(), inflight: z.number().int() });

export const okSchema = z.object({ ok: z.literal(true) });
export const errorSchema = z.object({ error: z.string() });
