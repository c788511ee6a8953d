import type { ImageConfigBlob, ImageIndex, ImageManifest, Platform } from './schemas';
import { ImageManifestSchema, IndexSchema } from './schemas';

export interface PlatformWanted {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export const DEFAULT_PLATFORM: PlatformWanted = { os: 'linux', architecture: 'amd64' };

/** `linux/arm64/v8` → platform; null when it does not have at least os/arch. */
export function parsePlatform(text: string): PlatformWanted | null {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) return null;
  return variant ? { os, architecture, variant } : { os, architecture };
}

export const formatPlatform = (p: PlatformWanted | Platform): string =>
  [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');

export type ParsedManifest =
  | { readonly kind: 'index'; readonly index: ImageIndex }
  | { readonly kind: 'image'; readonly manifest: ImageManifest }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** Classifies a manifest body by its shape (the media type is optional in OCI). */
export function parseManifest(json: unknown): ParsedManifest {
  const schemaVersion = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (schemaVersion === 1) {
    return { kind: 'unsupported', reason: 'it is a schema 1 manifest (deprecated); re-push the image with a current Docker' };
  }
  const index = IndexSchema.safeParse(json);
  if (index.success) return { kind: 'index', index: index.data };
  const manifest = ImageManifestSchema.safeParse(json);
  if (manifest.success) return { kind: 'image', manifest: manifest.data };
  return { kind: 'unsupported', reason: `it is not an image manifest or index (${manifest.error.issues[0]?.message ?? 'unknown shape'})` };
}

const defaultVariant = (arch: string): string | undefined => (arch === 'arm64' ? 'v8' : undefined);

/** The entry of an index for a platform: exact variant first, else the arch's default variant, else any. */
export function pickPlatform(index: ImageIndex, wanted: PlatformWanted): ImageIndex['manifests'][number] | null {
  const candidates = index.manifests.filter(
    (m) => m.platform?.os === wanted.os && m.platform.architecture === wanted.architecture,
  );
  const want = wanted.variant ?? defaultVariant(wanted.architecture);
  return (
    candidates.find((m) => (m.platform?.variant ?? defaultVariant(wanted.architecture)) === want) ??
    (wanted.variant === undefined ? candidates[0] : undefined) ??
    null
  );
}

export interface HealthcheckSummary {
  /** As in the image: `["CMD", …]` or `["CMD-SHELL", "…"]`. */
  readonly test: readonly string[];
  readonly intervalMs: number | null;
  readonly timeoutMs: number | null;
  readonly startPeriodMs: number | null;
  readonly retries: number | null;
}

export interface ImageConfigSummary {
  /** TCP ports from `EXPOSE`, ascending (UDP ports are left out: stable URLs are TCP). */
  readonly exposedPorts: readonly number[];
  readonly healthcheck: HealthcheckSummary | null;
  readonly created: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

const nanosToMs = (n: number | undefined): number | null => (n === undefined || n === 0 ? null : Math.round(n / 1e6));

/** What Slipway pre-fills from an image: ports, health check, creation time, labels. */
export function summariseConfig(blob: ImageConfigBlob): ImageConfigSummary {
  const cfg = blob.config ?? {};
  const ports = new Set<number>();
  for (const key of Object.keys(cfg.ExposedPorts ?? {})) {
    const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(key.trim());
    const port = Number(m?.[1]);
    if (m && (m[2] ?? 'tcp').toLowerCase() === 'tcp' && port >= 1 && port <= 65535) ports.add(port);
  }
  const hc = cfg.Healthcheck;
  const test = hc?.Test ?? [];
  const healthcheck: HealthcheckSummary | null =
    hc && test.length > 0 && test[0] !== 'NONE'
      ? {
          test,
          intervalMs: nanosToMs(hc.Interval),
          timeoutMs: nanosToMs(hc.Timeout),
          startPeriodMs: nanosToMs(hc.StartPeriod),
          retries: hc.Retries === undefined || hc.Retries === 0 ? null : hc.Retries,
        }
      : null;
  return {
    exposedPorts: [...ports].sort((a, b) => a - b),
    healthcheck,
    created: blob.created ?? null,
    labels: cfg.Labels ?? {},
  };
}
