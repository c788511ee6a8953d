/** Errors that mean "nothing listens there (any more)": the request never reached an app. */
const CONNECT_REFUSED = new Set(['ECONNREFUSED']);
/** A connection that broke before an answer (node's "socket hang up" is ECONNRESET too). */
const BROKEN = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Methods RFC 9110 §9.2.2 calls idempotent, which a proxy may send again when the connection
 * broke before the answer: doing them twice has the effect of doing them once. TRACE is left out
 * (nothing to gain by repeating a diagnostic), and POST/PATCH are never repeated.
 */
const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * How long a replayable request is held for its upstream to come back (an SSH tunnel re-opening):
 * the SSH connection's own ready timeout, so a tunnel that can re-open at all is waited for.
 */
export const REPLAY_WINDOW_MS = 10_000;
const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1_000;

export interface AttemptFailure {
  readonly code: string | undefined;
  /** The request's method. */
  readonly method: string;
  /** The target the failed attempt went to. */
  readonly failedTarget: number;
  /** The route's target right now. */
  readonly currentTarget: number | null;
  /** 0 for the first attempt. */
  readonly attempt: number;
  /** Since the first attempt failed. */
  readonly elapsedMs: number;
  /** Whether the upstream socket had connected (connect errors happen before). */
  readonly connected: boolean;
  /** Whether the attempt used a pooled keep-alive socket. */
  readonly reusedSocket: boolean;
  /** Whether any of the client's body was streamed to the failed attempt (then it cannot be replayed). */
  readonly bodyStreamed: boolean;
  /** Whether any part of a response already went back to the client. */
  readonly responseStarted: boolean;
}

export interface Retry {
  readonly target: number;
  /** Wait this long first (0: at once, to another target). */
  readonly delayMs: number;
}

/**
 * Decides whether a failed upstream attempt is retried, where and when. Only requests that
 * provably did not reach an app, or that can be replayed untouched, are retried:
 * - connection refused by a target that is no longer current (an instance being retired) → current target, at once;
 * - a pooled keep-alive socket that turned out closed, before any response → current target, once, at once;
 * - an idempotent request without a streamed body whose connection broke before any answer (a
 *   tunnel cut) → current target, with a growing pause, for up to REPLAY_WINDOW_MS.
 */
export function retryTarget(f: AttemptFailure): Retry | null {
  if (f.responseStarted || f.bodyStreamed || f.currentTarget === null || f.code === undefined) return null;
  const elsewhere = f.currentTarget !== f.failedTarget;
  if (!f.connected && CONNECT_REFUSED.has(f.code)) {
    return elsewhere && (f.attempt === 0 || f.elapsedMs < REPLAY_WINDOW_MS) ? { target: f.currentTarget, delayMs: 0 } : null;
  }
  if (!BROKEN.has(f.code)) return null;
  if (f.attempt === 0 && f.reusedSocket) return { target: f.currentTarget, delayMs: 0 };
  if (!REPLAYABLE.has(f.method.toUpperCase()) || f.elapsedMs >= REPLAY_WINDOW_MS) return null;
  return { target: f.currentTarget, delayMs: elsewhere ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** f.attempt) };
}

/** The same decision for a byte stream (a TCP connection, an Upgrade tunnel): only a refused connect, once, elsewhere. */
export function retryStreamTarget(f: Pick<AttemptFailure, 'code' | 'failedTarget' | 'currentTarget' | 'attempt' | 'connected'>): number | null {
  if (f.attempt > 0 || f.connected || f.currentTarget === null || f.code === undefined || !CONNECT_REFUSED.has(f.code)) return null;
  return f.currentTarget !== f.failedTarget ? f.currentTarget : null;
}
