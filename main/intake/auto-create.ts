import { ProjectCreateSchema, type HealthCheck, type ProjectCreate } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';

/** What auto-create reads from an image: its first `EXPOSE` and whether it has a `HEALTHCHECK`. */
export interface ImageFacts {
  readonly exposedPorts: readonly number[];
  readonly hasHealthcheck: boolean;
}

export interface AutoCreateDeps {
  /** The projects service's create (same validation as `projects.create`). */
  readonly create: (input: ProjectCreate) => Promise<{ readonly id: number; readonly name: string }> | { readonly id: number; readonly name: string };
  /** Resolves when the registry has a manifest for the reference (a digest or a tag); rejects when it has none or cannot be asked. */
  readonly findManifest: (repository: string, reference: string, signal: AbortSignal) => Promise<unknown>;
  /** Reads the image's config from its registry (no pull); `reference` is a digest or a tag. */
  readonly inspect: (repository: string, reference: string, signal: AbortSignal) => Promise<ImageFacts>;
  readonly bus: EventBus;
  readonly inspectTimeoutMs?: number;
}

export interface Created {
  readonly projectId: number;
  readonly project: string;
  /** What could not be learnt from the image, if anything. */
  readonly note: string | null;
}

const RECENT_MS = 60_000;

/** Auto-create declined on purpose; the message is what the delivery records. */
export class NotCreated extends Error {
  override readonly name = 'NotCreated';
}

/** Project names: lower-case letters, digits, ".", "-", "_", at most 63, starting with a letter or digit. */
function nameCandidates(repository: string): string[] {
  const parts = repository.split('/').slice(1); // drop the registry host
  const clean = (s: string): string => s.replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63);
  const last = clean(parts[parts.length - 1] ?? 'app') || 'app';
  const owner = parts.length > 1 ? clean(`${parts[parts.length - 2] ?? ''}-${last}`) : '';
  const names = [last, ...(owner && owner !== last ? [owner] : [])];
  for (let i = 2; i <= 9; i++) names.push(`${last.slice(0, 60)}-${i}`);
  return names;
}

/**
 * Creates a project for an image repository nobody has set up yet (DOMAIN.md: port from EXPOSE,
 * health from HEALTHCHECK, one `dev` stage `*` that auto-deploys, one instance kept). Only once the image's
 * manifest is found in its registry (a typo must not leave a project behind); an image whose config
 * cannot be read still gets its project, with the port left for the first deploy to find and the reason noted.
 * One creation per repository at a time, however many deliveries name it at once.
 */
export class AutoCreator {
  private readonly inflight = new Map<string, Promise<Created>>();
  /** Projects created lately, so that a sender's retry that arrives while the first request is still finishing is told too. */
  private readonly recent = new Map<string, { readonly created: Created; readonly at: number }>();

  constructor(
    private readonly d: AutoCreateDeps,
    private readonly now: () => number = Date.now,
  ) {}

  /** `digest` when the sender named it: a registry notifies before it links the tag, so the tag may not resolve yet. */
  ensure(repository: string, tag: string, digest: string | null, deliveryId: number | null): Promise<Created> {
    let pending = this.inflight.get(repository);
    if (!pending) {
      pending = this.createFor(repository, tag, digest, deliveryId)
        .then((created) => {
          this.remember(repository, created);
          return created;
        })
        .finally(() => this.inflight.delete(repository));
      this.inflight.set(repository, pending);
    }
    return pending;
  }

  /** The creation under way for this repository, if any: its project may already be in the store while it finishes. */
  creating(repository: string): Promise<Created> | null {
    return this.inflight.size === 0 ? null : (this.inflight.get(repository) ?? null);
  }

  /** The project auto-created for this repository within the last minute, if any. */
  createdLately(repository: string): Created | null {
    if (this.recent.size === 0) return null;
    const hit = this.recent.get(repository);
    return hit && this.now() - hit.at < RECENT_MS ? hit.created : null;
  }

  private remember(repository: string, created: Created): void {
    const t = this.now();
    for (const [k, v] of this.recent) if (t - v.at >= RECENT_MS) this.recent.delete(k);
    this.recent.set(repository, { created, at: t });
  }

  private async createFor(repository: string, tag: string, digest: string | null, deliveryId: number | null): Promise<Created> {
    let port: number | null = null;
    let health: HealthCheck | null = null;
    let note: string | null = null;
    const reference = digest ?? tag;
    const timeoutMs = this.d.inspectTimeoutMs ?? 10_000;
    try {
      await this.d.findManifest(repository, reference, AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw new NotCreated(`image not found in registry, no project created: ${repository}:${reference} (${error instanceof Error ? error.message : String(error)})`);
    }
    try {
      const facts = await this.d.inspect(repository, reference, AbortSignal.timeout(timeoutMs));
      port = facts.exposedPorts[0] ?? null;
      if (facts.hasHealthcheck) health = { kind: 'docker', timeoutMs: 60_000 };
      if (port === null) note = 'the image declares no EXPOSE port; set the container port in the project';
    } catch (error) {
      note = `the image could not be inspected (${error instanceof Error ? error.message : String(error)}); port unknown until the first deploy`;
    }
    const base = {
      image: repository,
      port,
      health,
      stages: [{ name: 'dev', tagPattern: '*', autoDeploy: true, maxInstances: 1 }],
    };
    let lastConflict: unknown = null;
    for (const name of nameCandidates(repository)) {
      try {
        const project = await this.d.create(ProjectCreateSchema.parse({ ...base, name }));
        this.d.bus.emit({
          type: 'project.auto-created',
          level: note ? 'warn' : 'info',
          projectId: project.id,
          message: `Created project ${project.name} for ${repository} (first seen as tag ${tag})${note ? `: ${note}` : ''}`,
          data: { repository, tag, port, health: health?.kind ?? null, note, deliveryId },
        });
        return { projectId: project.id, project: project.name, note };
      } catch (error) {
        if (error instanceof AppError && error.code === 'CONFLICT') {
          lastConflict = error;
          continue;
        }
        throw error;
      }
    }
    throw lastConflict instanceof Error ? lastConflict : new Error(`no free project name for ${repository}`);
  }
}
