import type Docker from 'dockerode';
import { z } from 'zod';
import type { ImageCleanup } from '../../preload/contract';
import { rollbackTarget } from '../deployer/rollback-target';
import type { EventBus } from '../events/bus';
import { familiarName, parseImageRef } from '../oci-client/image-ref';
import { inProgressStatuses, type DeployRepo } from '../store/deploy-repo';
import type { InstanceRepo } from '../store/instance-repo';
import type { PulledImageRepo } from '../store/pulled-image-repo';
import type { SettingsRepo } from '../store/settings-repo';
import type { StageRecord, StageRepo } from '../store/stage-repo';
import { swarmEngineOf } from '../targets/swarm/pool';
import { gcCandidates, ownReferences } from './gc-plan';

const DAY_MS = 24 * 3600 * 1000;
/** After a deploy: long enough for the retired instance to be stopped and pruned. */
const AFTER_DEPLOY_MS = 5_000;

export interface ImageGcDeps {
  /** An engine's client by name (throws while it does not answer). */
  readonly docker: (engine: string) => Docker;
  readonly bus: EventBus;
  readonly settings: Pick<SettingsRepo, 'getInternal' | 'setInternal'>;
  readonly pulled: PulledImageRepo;
  readonly instances: InstanceRepo;
  readonly deploys: DeployRepo;
  readonly stages: StageRepo;
}

const ContainersSchema = z.array(z.looseObject({ ImageID: z.string().optional() }));
const ImageSchema = z.looseObject({ Id: z.string(), Size: z.number().optional(), RepoTags: z.array(z.string()).nullable().optional(), RepoDigests: z.array(z.string()).nullable().optional() });
const DfSchema = z.looseObject({ LayersSize: z.number().optional() });
const LastRunSchema = z.object({ at: z.number(), removed: z.array(z.string()), bytes: z.number() });

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;
/** An engine that is gone or does not answer now: its clean-up waits for the next run. */
const engineAway = (error: unknown): boolean => ['ENGINE_UNAVAILABLE', 'NOT_FOUND'].includes((error as { code?: string }).code ?? '');
/** Where a stage's images are: its engine, or the engine managing its Swarm service. */
const engineOfStage = (s: StageRecord): string => (s.target.kind === 'swarm' ? swarmEngineOf(s) : s.engine);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Removes images Slipway pulled once nothing needs them: no container on the engine uses them
 * (the engine refuses anyway) and no stage has an instance of their digest (live, warm or kept)
 * or rolls back to it. Images Slipway did not pull are never touched; of a pulled image only the
 * references of its repository are removed, so another tag of it keeps it.
 * Runs on each engine with stages (or with images Slipway pulled there), with the digests that
 * engine's own stages need, a little after each deploy (off its path), daily, and on request.
 */
export class ImageGc {
  private running: Promise<ImageCleanup> | null = null;
  private soonTimer: NodeJS.Timeout | null = null;
  private dailyTimer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly d: ImageGcDeps) {}

  start(): void {
    this.stopped = false;
    this.dailyTimer = setInterval(() => void this.runQuietly(), DAY_MS);
    this.dailyTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.soonTimer) clearTimeout(this.soonTimer);
    if (this.dailyTimer) clearInterval(this.dailyTimer);
    this.soonTimer = this.dailyTimer = null;
  }

  /** After a deploy: once the retired instance had time to stop (several deploys share one run). */
  soon(delayMs = AFTER_DEPLOY_MS): void {
    if (this.stopped || this.soonTimer) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.runQuietly();
    }, delayMs);
    this.soonTimer.unref();
  }

  status(): ImageCleanup {
    const raw = this.d.settings.getInternal('imageCleanup');
    const last = raw ? LastRunSchema.safeParse(JSON.parse(raw)) : null;
    const total = this.d.pulled.reclaimed();
    return {
      lastRunAt: last?.success ? last.data.at : null,
      lastRemoved: last?.success ? last.data.removed : [],
      lastReclaimedBytes: last?.success ? last.data.bytes : 0,
      totalReclaimedBytes: total.bytes,
      totalRemoved: total.images,
      pulledOnDisk: this.d.pulled.present().length,
      running: this.running !== null,
    };
  }

  /** One clean-up; concurrent callers share it. */
  run(): Promise<ImageCleanup> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async runQuietly(): Promise<void> {
    // A deploy under way may have pulled an image it has not made a container of yet: come back later.
    if (this.d.deploys.withStatus(['queued', ...inProgressStatuses]).length > 0) return this.soon();
    try {
      await this.run();
    } catch (error) {
      if (this.stopped) return;
      this.d.bus.emit({ type: 'images.cleanup-failed', level: 'warn', message: `Image clean-up failed: ${messageOf(error)}. It runs again after the next deploy.` });
    }
  }

  private async pass(): Promise<ImageCleanup> {
    const stages = this.d.stages.all();
    const engines = new Set(['local', ...stages.map(engineOfStage), ...this.d.pulled.present().map((p) => p.engine)]);
    const removed: string[] = [];
    let bytes = 0;
    for (const engine of engines) {
      if (this.stopped) break;
      let docker: Docker;
      try {
        docker = this.d.docker(engine);
      } catch (error) {
        if (engineAway(error)) continue;
        throw error;
      }
      const done = await this.passOn(engine, docker, stages.filter((s) => engineOfStage(s) === engine));
      removed.push(...done.removed);
      bytes += done.bytes;
    }
    const at = Date.now();
    this.d.settings.setInternal('imageCleanup', JSON.stringify({ at, removed, bytes }));
    if (removed.length > 0) {
      this.d.bus.emit({
        type: 'images.cleaned',
        message: `Image clean-up removed ${String(removed.length)} unused image reference(s), ${(bytes / 1e6).toFixed(1)} MB freed`,
        data: { removed, bytes },
      });
    }
    return { ...this.status(), running: false };
  }

  /** One engine: its pulled images that no container there uses and no stage there needs. */
  private async passOn(engine: string, docker: Docker, stages: readonly StageRecord[]): Promise<{ removed: string[]; bytes: number }> {
    const containers = ContainersSchema.parse(await docker.listContainers({ all: true }));
    const here = new Set(stages.map((s) => s.id));
    const needed = new Set<string>();
    for (const i of this.d.instances.allPresent()) if (here.has(i.stageId)) needed.add(i.digest);
    for (const dep of this.d.deploys.withStatus(['queued', ...inProgressStatuses])) if (dep.digest !== null && here.has(dep.stageId)) needed.add(dep.digest);
    for (const stage of stages) {
      const live = this.d.instances.live(stage.id);
      const target = live ? rollbackTarget(this.d.deploys.succeeded(stage.id), live.digest) : null;
      if (target) needed.add(target.digest);
    }
    const candidates = gcCandidates({
      pulled: this.d.pulled.present(engine),
      containerImages: new Set(containers.flatMap((c) => (c.ImageID ? [c.ImageID] : []))),
      neededDigests: needed,
    });
    const removed: string[] = [];
    const gone: { imageId: string; size: number }[] = [];
    // Layers are shared between images: the engine's own total before and after says what was freed.
    const before = candidates.length > 0 ? await this.layersSize(docker) : 0;
    for (const c of candidates) {
      if (this.stopped) break;
      const image = await this.inspect(docker, c.imageId);
      if (!image) {
        this.d.pulled.markRemoved(engine, c.imageId, 0);
        continue;
      }
      const ref = parseImageRef(c.repository);
      const own = ownReferences(c.repository, [familiarName(ref)], [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])]);
      const refs = own.length > 0 ? own : (image.RepoTags ?? []).length + (image.RepoDigests ?? []).length === 0 ? [c.imageId] : [];
      let refused = false;
      for (const r of refs) {
        try {
          await docker.getImage(r).remove({ noprune: false });
          removed.push(r);
        } catch (error) {
          // 409: a container was created from it meanwhile; 404: already gone. Either way, not ours to force.
          if (statusOf(error) === 409) refused = true;
          else if (statusOf(error) !== 404) throw error;
        }
      }
      if (refused) continue;
      if ((await this.inspect(docker, c.imageId)) === null) gone.push({ imageId: c.imageId, size: image.Size ?? 0 });
      else this.d.pulled.markRemoved(engine, c.imageId, 0);
    }
    // Other users of the engine change it meanwhile too: never report less than nothing.
    const bytes = gone.length > 0 ? Math.max(0, before - (await this.layersSize(docker))) : 0;
    const sizes = gone.reduce((n, g) => n + g.size, 0);
    for (const g of gone) this.d.pulled.markRemoved(engine, g.imageId, sizes > 0 ? Math.round((bytes * g.size) / sizes) : 0);
    return { removed, bytes };
  }

  private async layersSize(docker: Docker): Promise<number> {
    const df = DfSchema.parse(await docker.df());
    return df.LayersSize ?? 0;
  }

  private async inspect(docker: Docker, id: string): Promise<z.infer<typeof ImageSchema> | null> {
    try {
      return ImageSchema.parse(await docker.getImage(id).inspect());
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }
}
