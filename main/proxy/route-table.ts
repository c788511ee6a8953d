import type { RouteSpec } from './types';

/**
 * What applying a route spec takes, given the routes already served:
 * - `create`: a new key, bind its public port;
 * - `retarget`: same port and mode, only the target moves (no listener change, so nothing is dropped);
 * - `rebind`: port or mode changed, a new listener replaces the old one;
 * - `unchanged`: nothing to do;
 * - `conflict`: another route already serves that public port.
 */
export type RoutePlan =
  | { readonly kind: 'create' }
  | { readonly kind: 'retarget'; readonly from: number | null; readonly to: number | null }
  | { readonly kind: 'rebind'; readonly samePort: boolean }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'conflict'; readonly message: string };

export function planSetRoute(routes: ReadonlyMap<string, RouteSpec>, next: RouteSpec): RoutePlan {
  for (const other of routes.values()) {
    if (other.key !== next.key && other.publicPort === next.publicPort) {
      return { kind: 'conflict', message: `port ${String(next.publicPort)} is already the stable port of ${other.key}` };
    }
  }
  const current = routes.get(next.key);
  if (!current) return { kind: 'create' };
  if (current.publicPort !== next.publicPort || current.mode !== next.mode) {
    return { kind: 'rebind', samePort: current.publicPort === next.publicPort };
  }
  if (current.targetPort === next.targetPort && (current.root ?? null) === (next.root ?? null) && samePool(current.pool, next.pool)) return { kind: 'unchanged' };
  return { kind: 'retarget', from: current.targetPort, to: next.targetPort };
}

export function withRoute(routes: ReadonlyMap<string, RouteSpec>, spec: RouteSpec): Map<string, RouteSpec> {
  const next = new Map(routes);
  next.set(spec.key, spec);
  return next;
}

export function withoutRoute(routes: ReadonlyMap<string, RouteSpec>, key: string): Map<string, RouteSpec> {
  const next = new Map(routes);
  next.delete(key);
  return next;
}

/** Same upstreams in the same order (a route without a pool differs from one with). */
export function samePool(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** The upstreams a route forwards to: its pool, else its one target. */
export function upstreamsOf(spec: Pick<RouteSpec, 'targetPort' | 'pool'>): number[] {
  return spec.pool ? [...spec.pool] : spec.targetPort === null ? [] : [spec.targetPort];
}
