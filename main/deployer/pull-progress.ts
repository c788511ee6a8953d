import { z } from 'zod';

/** One line of Docker's pull progress stream. */
export const PullEventSchema = z.looseObject({
  status: z.string().optional(),
  id: z.string().optional(),
  progressDetail: z.looseObject({ current: z.number().optional(), total: z.number().optional() }).optional(),
  error: z.string().optional(),
  errorDetail: z.looseObject({ message: z.string().optional() }).optional(),
});
export type PullEvent = z.infer<typeof PullEventSchema>;

export interface LayerProgress {
  readonly id: string;
  readonly status: string;
  readonly current: number;
  readonly total: number;
}

export interface PullSummary {
  readonly layers: readonly LayerProgress[];
  readonly current: number;
  readonly total: number;
}

const DONE = /^(Pull complete|Already exists|Download complete|Verifying Checksum)$/;

/** Folds progress lines into per-layer bytes (pure; the adapter feeds it and pushes summaries). */
export class PullTracker {
  private readonly layers = new Map<string, LayerProgress>();

  add(e: PullEvent): void {
    if (e.id === undefined || e.status === undefined || !/^[0-9a-f]{12,}$/.test(e.id)) return;
    const prev = this.layers.get(e.id) ?? { id: e.id, status: e.status, current: 0, total: 0 };
    const total = e.progressDetail?.total ?? prev.total;
    let current = prev.current;
    if (e.status === 'Downloading' && e.progressDetail?.current !== undefined) current = e.progressDetail.current;
    if (DONE.test(e.status)) current = Math.max(current, total);
    this.layers.set(e.id, { id: e.id, status: e.status, current, total });
  }

  summary(): PullSummary {
    const layers = [...this.layers.values()];
    return { layers, current: layers.reduce((a, l) => a + l.current, 0), total: layers.reduce((a, l) => a + l.total, 0) };
  }
}

/** A pull failure in words a user can act on. */
export function explainPullError(message: string, ref: string, repository: string, registry: string): string {
  const m = message.trim();
  if (/unauthorized|authentication required|denied|401|403/i.test(m)) {
    return `pull unauthorized for ${repository} — add credentials (docker login ${registry}, or Slipway's registry settings) and deploy again`;
  }
  if (/manifest unknown|manifest for .* not found|not found: manifest|404|name unknown|does not exist/i.test(m)) {
    return `${ref} was not found in the registry — check that the tag (or digest) was pushed (${m})`;
  }
  if (/connection refused|no such host|i\/o timeout|dial tcp|network is unreachable|TLS handshake|server gave HTTP response to HTTPS/i.test(m)) {
    return `registry ${registry} is unreachable while pulling ${ref} — is it running and reachable from Docker? (${m})`;
  }
  if (/no space left/i.test(m)) return `pulling ${ref} ran out of disk space — free some space (docker system prune) and deploy again`;
  return `pulling ${ref} failed: ${m}`;
}
