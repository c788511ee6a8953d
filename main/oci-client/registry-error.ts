import { AppError } from '../dispatch/app-error';

export type RegistryFailure =
  | 'unauthorized'
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  | 'rate-limited'
  | 'server-error'
  | 'bad-response';

export interface RegistryErrorDetails {
  readonly reason: RegistryFailure;
  readonly registry: string;
  readonly repository?: string;
  readonly status?: number;
}

/** A registry failure as AppError('REGISTRY_ERROR'); callers branch on `details.reason`, users read the message. */
export const registryError = (message: string, details: RegistryErrorDetails): AppError =>
  new AppError('REGISTRY_ERROR', message, details);

export function registryFailureOf(e: unknown): RegistryFailure | null {
  if (!(e instanceof AppError) || e.code !== 'REGISTRY_ERROR') return null;
  const reason = (e.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? (reason as RegistryFailure) : null;
}

/** The low-level cause of a failed fetch (`ECONNREFUSED`, `ENOTFOUND`, a TLS error), for the message. */
export function networkCause(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== '') return code;
    const errors = (cur as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors) && errors[0] instanceof Error) {
      cur = errors[0];
      continue;
    }
    if (cur.cause === undefined) return cur.message;
    cur = cur.cause;
  }
  return e instanceof Error ? e.message : String(e);
}
