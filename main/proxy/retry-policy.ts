/** Errors that mean "nothing listens there (any more)": the request never reached an app. */
const CONNECT_REFUSED = new Set(['ECONNREFUSED']);
/** Errors on a pooled keep-alive socket that the upstream closed while we picked it. */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE']);

export interface AttemptFailure {
  readonly code: string | undefined;
  /** The target the failed attempt went to. */
  readonly failedTarget: number;
  /** The route's target right now. */
  readonly currentTarget: number | null;
  /** 0 for the first attempt. */
  readonly attempt: number;
  /** Whether the upstream socket had connected (connect errors happen before). */
  readonly connected: boolean;
  /** Whether the attempt used a pooled keep-alive socket. */
  readonly reusedSocket: boolean;
  /** Whether any of the client's body was streamed to the failed attempt (then it cannot be replayed). */
  readonly bodyStreamed: boolean;
  /** Whether any part of a response already went back to the client. */
  readonly responseStarted: boolean;
}

/**
 * Decides whether a failed upstream attempt is retried, and where. Retries once, only when the
 * request provably did not reach an app or can be replayed untouched:
 * - connection refused by a target that is no longer current (an instance being retired) → current target;
 * - a pooled keep-alive socket that turned out closed, before any response → current target.
 */
export function retryTarget(f: AttemptFailure): number | null {
  if (f.attempt > 0 || f.responseStarted || f.bodyStreamed || f.currentTarget === null) return null;
  if (!f.connected && f.code !== undefined && CONNECT_REFUSED.has(f.code)) {
    return f.currentTarget !== f.failedTarget ? f.currentTarget : null;
  }
  if (f.reusedSocket && f.code !== undefined && STALE_SOCKET.has(f.code)) return f.currentTarget;
  return null;
}

/** The same decision for a byte stream (a TCP connection, an Upgrade tunnel): nothing is sent before it connects, and no socket is pooled. */
export function retryStreamTarget(f: Pick<AttemptFailure, 'code' | 'failedTarget' | 'currentTarget' | 'attempt' | 'connected'>): number | null {
  return retryTarget({ ...f, reusedSocket: false, bodyStreamed: false, responseStarted: false });
}
