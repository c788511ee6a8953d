import type { HealthCheck } from '../../preload/contract/projects';
import type { RegistryTag } from '../../preload/contract/registries';
import type { HealthcheckSummary } from '../oci-client/manifest';
import type { TagTime } from '../oci-client/tag-metadata';
import { newestTags } from '../matcher/tag-order';

/** Ports web servers usually listen on, likeliest first. */
const HTTP_PORTS = [80, 8080, 3000, 8000, 5000, 8888, 9000, 4000, 8081, 5173] as const;
/** Ports of well-known services that do not speak HTTP (databases, mail, SSH): never the first guess. */
const NON_HTTP = new Set([21, 22, 23, 25, 53, 110, 143, 389, 465, 587, 993, 995, 1433, 1521, 2049, 2181, 3306, 4369, 5432, 5672, 6379, 9042, 9092, 11211, 25672, 27017]);

/** The container port to pre-fill from EXPOSE: a usual HTTP port if there is one, else the lowest that is not a known non-HTTP service. */
export function suggestPort(exposed: readonly number[]): number | null {
  for (const p of HTTP_PORTS) if (exposed.includes(p)) return p;
  const sorted = [...exposed].sort((a, b) => a - b);
  return sorted.find((p) => !NON_HTTP.has(p)) ?? sorted[0] ?? null;
}

// Docker's defaults for HEALTHCHECK options left out.
const DOCKER_INTERVAL_MS = 30_000;
const DOCKER_TIMEOUT_MS = 30_000;
const DOCKER_RETRIES = 3;
const MIN_WAIT_MS = 60_000;
const MAX_WAIT_MS = 600_000;

/**
 * The health check to pre-fill: the image's own HEALTHCHECK when it has one (waiting long enough for its
 * start period and retries), else an HTTP GET / that accepts any answer below 500 on the suggested port.
 * Null when there is neither (Slipway's default applies once a port is given).
 */
export function suggestHealth(hc: HealthcheckSummary | null, port: number | null): HealthCheck | null {
  if (hc !== null) {
    const interval = hc.intervalMs ?? DOCKER_INTERVAL_MS;
    const timeout = hc.timeoutMs ?? DOCKER_TIMEOUT_MS;
    const retries = hc.retries ?? DOCKER_RETRIES;
    const needed = (hc.startPeriodMs ?? 0) + interval * (retries + 1) + timeout;
    return { kind: 'docker', timeoutMs: Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, Math.ceil(needed / 1000) * 1000)) };
  }
  if (port !== null) return { kind: 'http', path: '/', timeoutMs: 30_000, anyStatus: true };
  return null;
}

/**
 * The tag picker's list: newest first (versions by semver, then push time where known, then name), cut to `limit`,
 * with the digests and times the registry already gave.
 */
export function pickerTags(all: readonly string[], known: readonly TagTime[], limit: number): { tags: RegistryTag[]; total: number; truncated: boolean } {
  const byTag = new Map(known.map((t) => [t.tag, t]));
  const times = new Map(known.map((t) => [t.tag, t.at]));
  const ordered = newestTags(all, {}, times);
  const tags = ordered.slice(0, limit).map((tag): RegistryTag => {
    const k = byTag.get(tag);
    const at = k ? Date.parse(k.at) : NaN;
    return { tag, digest: k?.digest ?? null, updatedAt: Number.isFinite(at) ? at : null };
  });
  return { tags, total: ordered.length, truncated: ordered.length > limit };
}
