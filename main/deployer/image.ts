import type Docker from 'dockerode';
import { z } from 'zod';
import { PullEventSchema, PullTracker, explainPullError, type PullSummary } from './pull-progress';

export type PullPolicy = 'always' | 'if-missing' | 'never';

/** What the deployer needs to know about an image, from `docker image inspect`. */
export interface ImageFacts {
  /** What to create the container from: `repo@sha256:…` when the registry digest is known, else the image id. */
  readonly imageRef: string;
  /** The registry (manifest) digest, or the image id for an image that never came from a registry. */
  readonly digest: string;
  readonly exposedPort: number | null;
  readonly hasHealthcheck: boolean;
  /** For the timeline: "pulled 3 layers (2.1 MB)", "already present". */
  readonly detail: string;
  /** The engine's image id. */
  readonly imageId: string;
  /** Size on disk as the engine reports it (bytes). */
  readonly size: number;
  /** This call pulled it: Slipway brought it to the engine, so image clean-up may remove it later. */
  readonly pulled: boolean;
}

export interface EnsureImage {
  /** Canonical repository, e.g. `localhost:5000/acme/web`. */
  readonly repository: string;
  /** Other spellings Docker may use in RepoDigests (`nginx` for `docker.io/library/nginx`). */
  readonly aliases: readonly string[];
  readonly registry: string;
  readonly tag: string;
  readonly digest: string | null;
  readonly policy: PullPolicy;
  readonly auth: () => Promise<Docker.AuthConfig | null>;
  readonly onProgress: (s: PullSummary) => void;
}

export class ImageError extends Error {}

const InspectSchema = z.looseObject({
  Id: z.string(),
  Size: z.number().optional(),
  RepoDigests: z.array(z.string()).nullable().optional(),
  Config: z
    .looseObject({
      ExposedPorts: z.record(z.string(), z.unknown()).nullable().optional(),
      Healthcheck: z.looseObject({ Test: z.array(z.string()).nullable().optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});
type Inspect = z.infer<typeof InspectSchema>;

/**
 * Inspect answers by `repository@digest`. What a digest names never changes, so a digest seen on this
 * engine needs no second inspect; only its presence can change, which the create step finds out
 * (`forget`, then ensure again).
 */
export class KnownImages {
  private readonly byRef = new Map<string, Inspect>();

  constructor(private readonly max = 64) {}

  get(repository: string, digest: string): Inspect | undefined {
    return this.byRef.get(`${repository}@${digest}`);
  }

  remember(repository: string, digest: string, i: Inspect): void {
    const ref = `${repository}@${digest}`;
    this.byRef.delete(ref);
    this.byRef.set(ref, i);
    const oldest = this.byRef.keys().next();
    if (this.byRef.size > this.max && !oldest.done) this.byRef.delete(oldest.value);
  }

  forget(repository: string, digest: string): void {
    this.byRef.delete(`${repository}@${digest}`);
  }
}

async function inspect(docker: Docker, ref: string): Promise<Inspect | null> {
  try {
    return InspectSchema.parse(await docker.getImage(ref).inspect());
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

function facts(i: Inspect, e: EnsureImage, detail: string, pulled = false): ImageFacts {
  const names = [e.repository, ...e.aliases];
  const repoDigest = (i.RepoDigests ?? []).map((d) => d.split('@')).find(([name]) => names.includes(name ?? ''))?.[1];
  const digest = e.digest !== null && (i.RepoDigests ?? []).some((d) => d.endsWith(`@${e.digest ?? ''}`)) ? e.digest : (repoDigest ?? i.Id);
  const port = Object.keys(i.Config?.ExposedPorts ?? {})
    .map((k) => k.split('/'))
    .find(([, proto]) => proto === undefined || proto === 'tcp')?.[0];
  const test = i.Config?.Healthcheck?.Test ?? [];
  return {
    imageRef: digest === i.Id ? i.Id : `${e.repository}@${digest}`,
    digest,
    exposedPort: port === undefined ? null : Number(port),
    hasHealthcheck: test.length > 0 && test[0] !== 'NONE',
    detail,
    imageId: i.Id,
    size: i.Size ?? 0,
    pulled,
  };
}

/** Makes sure the image is on the engine according to the pull policy, and says what it is. */
export async function ensureImage(docker: Docker, e: EnsureImage, known?: KnownImages): Promise<ImageFacts> {
  if (e.digest !== null) {
    // A digest never changes meaning: if it is here, no pull is needed whatever the policy.
    const pinned = `${e.repository}@${e.digest}`;
    const seen = known?.get(e.repository, e.digest);
    if (seen) return facts(seen, e, 'image already present');
    const byDigest = (await inspect(docker, pinned)) ?? (await inspect(docker, e.digest));
    if (byDigest) {
      known?.remember(e.repository, e.digest, byDigest);
      return facts(byDigest, e, 'image already present');
    }
    if (e.policy === 'never') throw new ImageError(`${pinned} is not on this machine and the pull policy is "never" — pull it or change the policy`);
    const detail = await pull(docker, e, pinned);
    const pulled = await inspect(docker, pinned);
    if (!pulled) throw new ImageError(`pulled ${pinned} but the engine does not list it`);
    known?.remember(e.repository, e.digest, pulled);
    return facts(pulled, e, detail, true);
  }
  const ref = `${e.repository}:${e.tag}`;
  if (e.policy !== 'always') {
    const local = await inspect(docker, ref);
    if (local) return facts(local, e, 'image already present');
    if (e.policy === 'never') throw new ImageError(`${ref} is not on this machine and the pull policy is "never" — pull it or change the policy`);
  }
  const detail = await pull(docker, e, ref);
  const pulled = await inspect(docker, ref);
  if (!pulled) throw new ImageError(`pulled ${ref} but the engine does not list it`);
  return facts(pulled, e, detail, true);
}

async function pull(docker: Docker, e: EnsureImage, ref: string): Promise<string> {
  const tracker = new PullTracker();
  const authconfig = await e.auth();
  const fail = (message: string): ImageError => new ImageError(explainPullError(message, ref, e.repository, e.registry));
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(ref, authconfig ? { authconfig } : {});
  } catch (error) {
    throw fail(error instanceof Error ? (error.message.replace(/^\(HTTP code \d+\)\s*[\w ]*-\s*/, '') || error.message) : String(error));
  }
  let streamError: string | null = null;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(fail(error.message)) : resolve()),
      (raw: unknown) => {
        const ev = PullEventSchema.safeParse(raw);
        if (!ev.success) return;
        const message = ev.data.error ?? ev.data.errorDetail?.message;
        if (message !== undefined) streamError = message;
        tracker.add(ev.data);
        e.onProgress(tracker.summary());
      },
    );
  });
  if (streamError !== null) throw fail(streamError);
  const s = tracker.summary();
  const fresh = s.layers.filter((l) => l.status === 'Pull complete').length;
  return fresh === 0 ? `pulled ${ref} (all layers already present)` : `pulled ${ref}: ${String(fresh)} new layer(s), ${(s.total / 1e6).toFixed(1)} MB`;
}
