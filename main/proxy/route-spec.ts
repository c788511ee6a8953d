import { z } from 'zod';
import type { RouteSpec } from './types';

export const portSchema = z.number().int().min(1).max(65535);

export const routeSpecSchema = z
  .object({
    key: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\w.:@/-]+$/, 'route key may only contain letters, digits and . : @ / - _'),
    publicPort: portSchema,
    mode: z.enum(['http', 'tcp', 'static']),
    targetPort: portSchema.nullable(),
    root: z.string().max(4096).regex(/^\//, 'a static route serves an absolute directory').nullable().optional(),
    pool: z.array(portSchema).max(256).optional(),
  })
  .refine((s) => s.targetPort !== s.publicPort && !(s.pool ?? []).includes(s.publicPort), { message: 'a route cannot forward to its own public port', path: ['targetPort'] })
  .refine((s) => s.pool === undefined || s.targetPort === (s.pool[0] ?? null), { message: "a pool route's targetPort is the pool's first port (null when the pool is empty)", path: ['targetPort'] })
  .refine((s) => s.pool === undefined || s.mode !== 'static', { message: 'a static route has no upstreams', path: ['pool'] });

export const ROUTES_FILE_VERSION = 1;

export const routesFileSchema = z
  .object({
    version: z.literal(ROUTES_FILE_VERSION),
    routes: z.array(routeSpecSchema),
  })
  .superRefine((file, ctx) => {
    const keys = new Set<string>();
    const ports = new Set<number>();
    file.routes.forEach((r, i) => {
      if (keys.has(r.key)) ctx.addIssue({ code: 'custom', message: `duplicate route key ${r.key}`, path: ['routes', i, 'key'] });
      if (ports.has(r.publicPort)) ctx.addIssue({ code: 'custom', message: `duplicate public port ${String(r.publicPort)}`, path: ['routes', i, 'publicPort'] });
      keys.add(r.key);
      ports.add(r.publicPort);
    });
  });

/** Validates a route coming from outside (control channel); returns a readable reason on failure. */
export function parseRouteSpec(input: unknown): { ok: true; spec: RouteSpec } | { ok: false; error: string } {
  const parsed = routeSpecSchema.safeParse(input);
  return parsed.success ? { ok: true, spec: parsed.data } : { ok: false, error: `invalid route: ${z.prettifyError(parsed.error)}` };
}

/** Stable output (sorted by key) so the file diffs cleanly and tests can compare text. */
export function serializeRoutes(routes: readonly RouteSpec[]): string {
  const sorted = [...routes]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ key, publicPort, mode, targetPort, root, pool }) => ({ key, publicPort, mode, targetPort, ...(mode === 'static' ? { root: root ?? null } : {}), ...(pool ? { pool: [...pool] } : {}) }));
  return `${JSON.stringify({ version: ROUTES_FILE_VERSION, routes: sorted }, null, 2)}\n`;
}

export function parseRoutesFile(text: string): { ok: true; routes: RouteSpec[] } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `routes file is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = routesFileSchema.safeParse(json);
  return parsed.success ? { ok: true, routes: parsed.data.routes } : { ok: false, error: `routes file is invalid: ${z.prettifyError(parsed.error)}` };
}
