import type { PollFinding, PollResult, PollStageResult, Settings } from '../../preload/contract';
import type { EventBus } from '../events/bus';
import { dueAt, type RecordedMatch, type TagInput, type TagRouter } from '../matcher/tag-router';
import type { StageSubscription } from '../matcher/subscription';
import type { Db } from '../store/db';
import { decideStage, followOutcome, tagsToResolve, unseenTags, type StageDecision } from './plan';
import type { PollStateRepo, StagePollRow } from './poll-state-repo';

/** The registry calls a poll needs (the registry client provides them). */
export interface PollRegistry {
  listTags(repository: string, opts: { signal?: AbortSignal }): Promise<string[]>;
  headManifest(repository: string, tag: string, opts: { signal?: AbortSignal }): Promise<{ readonly digest: string }>;
  /** HTTP requests made so far (for the cycle's count). */
  requestCount(): number;
  /** Tag creation times where the registry has an API for them (Docker Hub); null where it has none. */
  tagTimes?(repository: string, opts: { signal?: AbortSignal }): Promise<ReadonlyMap<string, string>> | null;
}

export interface PollerDeps {
  readonly db: Db;
  readonly state: PollStateRepo;
  readonly router: TagRouter;
  readonly registry: PollRegistry;
  readonly bus: EventBus;
  readonly settings: () => Settings;
  /** Every stage with its project's repository. */
  readonly stages: () => StageSubscription[];
  /** Repositories polled at once. */
  readonly concurrency?: number;
  readonly now?: () => number;
}

interface Found {
  readonly sub: StageSubscription;
  readonly input: TagInput;
  readonly why: 'new' | 'moved';
  readonly appearedAt: number;
}

interface Settled {
  readonly found: Found;
  readonly recorded: RecordedMatch[];
}

/**
 * One poll cycle over a set of stages: one tag listing per repository however many stages share it,
 * plus a manifest HEAD for each tag whose digest matters (a stage's newest new tag, a followed tag).
 * First poll of a stage is a baseline; later ones emit only the newest new matching tag and moved digests.
 */
export class PollCycle {
  private readonly now: () => number;

  constructor(private readonly d: PollerDeps) {
    this.now = d.now ?? Date.now;
  }

  async run(stages: readonly StageSubscription[], signal?: AbortSignal): Promise<PollResult> {
    const startedAt = this.now();
    const t0 = performance.now();
    const requestsBefore = this.d.registry.requestCount();
    const byRepo = new Map<string, StageSubscription[]>();
    for (const s of stages) {
      const list = byRepo.get(s.image);
      if (list) list.push(s);
      else byRepo.set(s.image, [s]);
    }
    const results: PollStageResult[] = [];
    const repos = [...byRepo.entries()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < repos.length) {
        if (signal?.aborted) return;
        const entry = repos[next++];
        if (!entry) return;
        results.push(...(await this.pollRepository(entry[0], entry[1], signal)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.d.concurrency ?? 8, repos.length) }, worker));
    results.sort((a, b) => a.stageId - b.stageId);
    return {
      startedAt,
      durationMs: Math.round(performance.now() - t0),
      repositories: byRepo.size,
      requests: this.d.registry.requestCount() - requestsBefore,
      stages: results,
    };
  }

  private async pollRepository(repository: string, subs: readonly StageSubscription[], signal?: AbortSignal): Promise<PollStageResult[]> {
    const states = new Map(subs.map((s) => [s.stageId, this.d.state.stage(s.stageId)]));
    let listed: string[];
    try {
      listed = await this.d.registry.listTags(repository, signal ? { signal } : {});
    } catch (error) {
      return this.failAll(repository, subs, states, error);
    }
    const at = this.now();
    const known = this.d.state.addTags(repository, unseenTags(listed, this.d.state.knownTags(repository)), at);
    const present = new Set(listed);
    let decisions = new Map(subs.map((s) => [s.stageId, decideStage(s, states.get(s.stageId)!, known, present)]));
    // Only when new tags that are not versions compete does a registry with tag dates get asked for them.
    if ([...decisions.values()].some((d) => d.ambiguous)) {
      const times = await this.d.registry.tagTimes?.(repository, signal ? { signal } : {})?.catch(() => null);
      if (times) decisions = new Map(subs.map((s) => [s.stageId, decideStage(s, states.get(s.stageId)!, known, present, times)]));
    }

    const digests = new Map<string, string | Error>();
    await Promise.all(
      tagsToResolve([...decisions.values()]).map(async (tag) => {
        try {
          digests.set(tag, (await this.d.registry.headManifest(repository, tag, signal ? { signal } : {})).digest);
        } catch (error) {
          digests.set(tag, error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );

    const firstSeen = new Map(known.map((k) => [k.tag, k.firstSeenAt]));
    const settled: Settled[] = [];
    const results = this.d.db.transaction(() =>
      subs.map((sub) => this.conclude(sub, repository, states.get(sub.stageId)!, decisions.get(sub.stageId)!, digests, firstSeen, at, settled)),
    )();
    for (const s of settled) {
      await this.d.router.settle(s.found.input, s.recorded, { source: 'poll', appearedAt: s.found.appearedAt, deliveryId: null, reason: reasonOf(s.found) });
    }
    // Deploy ids are known only once settled: fill them in.
    for (const r of results) {
      r.found = r.found.map((f) => {
        const s = settled.find((x) => x.found.sub.stageId === r.stageId && x.found.input.tag === f.tag);
        const m = s?.recorded[0];
        return m ? { ...f, deployId: m.deployId } : f;
      });
    }
    return results;
  }

  /** Inside the cycle's transaction: route what a stage found and move its state on. */
  private conclude(
    sub: StageSubscription,
    repository: string,
    state: StagePollRow,
    decision: StageDecision,
    digests: ReadonlyMap<string, string | Error>,
    firstSeen: ReadonlyMap<string, number>,
    at: number,
    settled: Settled[],
  ): PollStageResult & { found: PollFinding[] } {
    const found: Found[] = [];
    let error: string | null = null;
    let trackedDigest = decision.follows === state.trackedTag ? state.trackedDigest : null;
    if (decision.pick !== null) {
      const d = digests.get(decision.pick);
      found.push({ sub, input: { repository, tag: decision.pick, digest: typeof d === 'string' ? d : null }, why: 'new', appearedAt: firstSeen.get(decision.pick) ?? at });
    }
    if (decision.followed !== null) {
      const d = digests.get(decision.followed);
      if (typeof d === 'string') {
        const outcome = followOutcome(state, decision.followed, d, decision.baseline);
        trackedDigest = outcome.trackedDigest;
        if (outcome.why !== null) found.push({ sub, input: { repository, tag: decision.followed, digest: d }, why: outcome.why, appearedAt: at });
      } else {
        error = `could not read the digest of ${repository}:${decision.followed}: ${d?.message ?? 'unknown error'}`;
      }
    }
    const findings: PollFinding[] = [];
    for (const f of found) {
      const plans = this.d.router.plan(f.input, [sub], 'poll', f.appearedAt);
      const recorded = this.d.router.record(f.input, plans, { source: 'poll', appearedAt: f.appearedAt, deliveryId: null, reason: reasonOf(f) });
      settled.push({ found: f, recorded });
      const m = recorded[0];
      if (m) findings.push({ tag: f.input.tag, digest: f.input.digest, why: f.why, action: m.action, deployId: null, notBefore: dueAt(m) });
    }
    this.d.state.save({
      ...state,
      repository,
      cursor: decision.cursor,
      trackedTag: decision.follows,
      trackedDigest,
      baselineAt: decision.baseline ? at : state.baselineAt,
      lastPollAt: at,
      lastError: error,
    });
    if (error !== null && error !== state.lastError) this.reportFailure(sub, error);
    return { stageId: sub.stageId, projectId: sub.projectId, project: sub.project, stage: sub.stage, repository, baseline: decision.baseline, found: findings, error };
  }

  private failAll(repository: string, subs: readonly StageSubscription[], states: ReadonlyMap<number, StagePollRow>, cause: unknown): PollStageResult[] {
    const error = cause instanceof Error ? cause.message : String(cause);
    const at = this.now();
    this.d.db.transaction(() => {
      for (const s of subs) this.d.state.save({ ...states.get(s.stageId)!, lastPollAt: at, lastError: error });
    })();
    // Said once per new error, not every cycle.
    const first = subs[0];
    if (first && states.get(first.stageId)?.lastError !== error) this.reportFailure(first, error, subs.length);
    return subs.map((s) => ({ stageId: s.stageId, projectId: s.projectId, project: s.project, stage: s.stage, repository, baseline: false, found: [], error }));
  }

  private reportFailure(sub: StageSubscription, error: string, stages = 1): void {
    this.d.bus.emit({
      type: 'poll.failed',
      level: 'warn',
      projectId: sub.projectId,
      stageId: stages === 1 ? sub.stageId : null,
      message: `Polling ${sub.image} failed: ${error}`,
      data: { repository: sub.image, error },
    });
  }
}

function reasonOf(f: Found): string {
  return f.why === 'new' ? `poll: new tag ${f.input.tag}` : `poll: ${f.input.tag} moved to ${f.input.digest ?? 'a new digest'}`;
}

