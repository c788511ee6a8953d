import { defaultProbeSchedule, probeDelay, type ProbeSchedule } from './backoff';
import { probeHttp, probeTcp, type ProbeResult } from './probes';

/** A health check with every default filled in. */
export type ResolvedHealth =
  | { readonly kind: 'http'; readonly path: string; readonly anyStatus: boolean; readonly timeoutMs: number }
  | { readonly kind: 'tcp'; readonly timeoutMs: number }
  | { readonly kind: 'docker'; readonly timeoutMs: number }
  | { readonly kind: 'running'; readonly forMs: number };

export interface DockerHealth {
  /** starting | healthy | unhealthy | none */
  readonly status: string;
  /** Output of the last health command run, if any. */
  readonly lastOutput: string | null;
}

export interface HealthWatch {
  readonly check: ResolvedHealth;
  readonly hostPort: number;
  /** The image's HEALTHCHECK state (only for kind `docker`). */
  readonly dockerHealth: () => Promise<DockerHealth>;
  /** Settles when the container exits (with its exit code); never settles while it runs. */
  readonly exited: Promise<number>;
  readonly signal?: AbortSignal;
  readonly onAttempt?: (attempts: number, last: string, elapsedMs: number) => void;
  readonly schedule?: ProbeSchedule;
}

export type HealthOutcome =
  | { readonly healthy: true; readonly attempts: number; readonly elapsedMs: number; readonly last: string }
  | { readonly healthy: false; readonly exitCode: number | null; readonly attempts: number; readonly elapsedMs: number; readonly reason: string };

export class HealthAborted extends Error {
  constructor() {
    super('health check aborted');
  }
}

const secs = (ms: number): string => (ms >= 10_000 ? `${String(Math.round(ms / 1000))} s` : `${(ms / 1000).toFixed(1)} s`);

/**
 * Probes until healthy, the container exits, or the check's time runs out. Probing starts
 * at once and repeats every few ms, so a ready app is noticed within milliseconds.
 */
export async function waitHealthy(w: HealthWatch): Promise<HealthOutcome> {
  const start = performance.now();
  const elapsed = (): number => Math.round(performance.now() - start);
  let exitCode: number | null = null;
  let wake: (() => void) | null = null;
  void w.exited.then((code) => {
    exitCode = code;
    wake?.();
  });
  const onAbort = (): void => wake?.();
  w.signal?.addEventListener('abort', onAbort);
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  try {
    if (w.check.kind === 'running') {
      await sleep(w.check.forMs);
      if (w.signal?.aborted) throw new HealthAborted();
      if (exitCode !== null) return exitedOutcome(exitCode, 1, elapsed(), null);
      return { healthy: true, attempts: 1, elapsedMs: elapsed(), last: `kept running for ${secs(w.check.forMs)}` };
    }

    const timeoutMs = w.check.timeoutMs;
    let attempts = 0;
    let last = 'not probed yet';
    let streakSince = 0;
    for (;;) {
      if (w.signal?.aborted) throw new HealthAborted();
      if (exitCode !== null) return exitedOutcome(exitCode, attempts, elapsed(), last);
      const remaining = timeoutMs - elapsed();
      const r = await probeOnce(w, Math.max(50, Math.min(2000, remaining)));
      attempts++;
      if (r.answer !== last) streakSince = elapsed();
      last = r.answer;
      w.onAttempt?.(attempts, last, elapsed());
      if (r.ok) return { healthy: true, attempts, elapsedMs: elapsed(), last };
      if (r.final) return { healthy: false, exitCode: null, attempts, elapsedMs: elapsed(), reason: last };
      if (exitCode !== null) return exitedOutcome(exitCode, attempts, elapsed(), last);
      if (elapsed() >= timeoutMs) {
        const streak = elapsed() - streakSince;
        const reason =
          streak >= timeoutMs * 0.8
            ? `${last} for ${secs(streak)} (no healthy answer within ${secs(timeoutMs)})`
            : `no healthy answer within ${secs(timeoutMs)}; last: ${last}`;
        return { healthy: false, exitCode: null, attempts, elapsedMs: elapsed(), reason };
      }
      await sleep(Math.min(probeDelay(attempts, w.schedule ?? (w.check.kind === 'docker' ? dockerSchedule : defaultProbeSchedule)), Math.max(0, timeoutMs - elapsed())));
    }
  } finally {
    w.signal?.removeEventListener('abort', onAbort);
    wake = null;
  }
}

function exitedOutcome(code: number, attempts: number, elapsedMs: number, last: string | null): HealthOutcome {
  const before = last !== null && last !== 'not probed yet' ? ` (last probe: ${last})` : '';
  return { healthy: false, exitCode: code, attempts, elapsedMs, reason: `container exited with code ${String(code)}${before}` };
}

/** Inspecting the engine is heavier than a loopback connect: probe the image's HEALTHCHECK state less often. */
const dockerSchedule: ProbeSchedule = { firstMs: 20, fastProbes: 25, factor: 1.3, maxMs: 250 };

async function probeOnce(w: HealthWatch, timeoutMs: number): Promise<ProbeResult & { final?: boolean }> {
  switch (w.check.kind) {
    case 'http':
      return probeHttp(w.hostPort, w.check.path, w.check.anyStatus, timeoutMs);
    case 'tcp':
      return probeTcp(w.hostPort, timeoutMs);
    case 'docker': {
      const h = await w.dockerHealth();
      if (h.status === 'none') {
        return { ok: false, final: true, answer: 'the image has no HEALTHCHECK: choose an HTTP, TCP or "running" health check for this project' };
      }
      const out = h.lastOutput ? `: ${h.lastOutput.trim().slice(0, 200)}` : '';
      // Docker only says "unhealthy" after the image's own retries: that is a verdict.
      return { ok: h.status === 'healthy', final: h.status === 'unhealthy', answer: `image HEALTHCHECK reports ${h.status}${out}` };
    }
    case 'running':
      return { ok: true, answer: 'running' };
  }
}
