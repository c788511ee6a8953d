import fs from 'node:fs';
import path from 'node:path';
import type { DeployStep, GitRef, LiveSite, Project, StaticProjectCreate } from '../../../preload/contract';
import { AppError } from '../../dispatch/app-error';
import { deployEventData } from '../../deployer/deploy-events';
import { routeKey, type DeployerDeps } from '../../deployer/deps';
import type { DeployRecord } from '../../store/deploy-repo';
import type { ProjectRecord } from '../../store/project-repo';
import type { StageRecord } from '../../store/stage-repo';
import type { SecretBox } from '../../secrets/secret-box';
import { afterFailure, nextStaticStep, rollbackSnapshot, snapshotsToPrune, type StaticStep } from './deploy-state';
import { StaticSourceError, commitInfo, fetchCommit, listRefs, resolveRef, type GitAuth, type CommitInfo } from './git-source';
import { hostOf, pushMatches, urlKey } from './git-url';
import { StaticSiteRepo, type SnapshotRecord, type StaticSource } from './site-repo';
import { buildSnapshot, manifestPath, snapshotName } from './snapshot';

export type StaticDeps = Pick<DeployerDeps, 'db' | 'projects' | 'stages' | 'deploys' | 'bus' | 'routes' | 'dataDir'> & {
  readonly box: SecretBox;
  /** Per-host git credentials (Settings); null when none are saved for the host. */
  readonly hostCredentials?: (host: string) => GitAuth | null;
};

/** Where a static project keeps its git cache and snapshots. */
export const staticDir = (dataDir: string, projectId: number): string => path.join(dataDir, 'static', String(projectId));

/** One static deploy as its steps share it. */
interface StaticRun {
  dep: DeployRecord;
  readonly project: ProjectRecord;
  readonly stage: StageRecord;
  readonly src: StaticSource;
  readonly started: number;
  /** The commit the deploy is pinned to (push, rollback, promote), if any. */
  readonly pinned: string | null;
  /** The timeline as it grows (a static deploy writes it whole). */
  readonly steps: DeployStep[];
  readonly state: { commit: string | null; snapshotReady: boolean; switched: boolean; cleaned: boolean };
  info: CommitInfo | null;
  built: { dir: string; files: number; bytes: number } | null;
  /** isomorphic-git's cache for the project. */
  readonly cache: object;
  readonly gitdir: string;
  readonly snapshotsDir: string;
}

/** A push, as the git push events carry it. */
export interface PushInfo {
  readonly repo: string;
  readonly repoUrl?: string | null;
  readonly branch?: string | null;
  readonly commit: string;
}

/**
 * Static sites: a folder of a git repository at a commit, built into an immutable snapshot directory
 * and served by the stable-URL proxy. Deploys run through the deploy queue (records, events, one at a
 * time per stage); this is the `static` kind's source.
 */
export class StaticSites {
  readonly repo: StaticSiteRepo;
  /** One git operation per project at a time (stages of a project share its cache repository). */
  private readonly gitLocks = new Map<number, Promise<unknown>>();
  /** isomorphic-git's parsed pack indexes per project, kept between deploys so each one reads only its new pack. */
  private readonly gitCaches = new Map<number, object>();

  constructor(private readonly d: StaticDeps) {
    this.repo = new StaticSiteRepo(d.db);
  }

  /** Validates the git source and answers what projects.create stores; `afterInsert` runs in its transaction. */
  prepare(input: StaticProjectCreate): { image: string; afterInsert(projectId: number): void } {
    const key = urlKey(input.git.url);
    if (!key) throw new AppError('INVALID_INPUT', `git.url: "${input.git.url}" is not an http(s) clone URL with a repository path. Give e.g. "https://git.example.com/acme/site.git".`);
    const folder = normaliseFolder(input.git.folder);
    const sealedToken = input.git.token ? this.d.box.encrypt(input.git.token) : null;
    return {
      image: `git:${key}`,
      afterInsert: (projectId) =>
        this.repo.insertSource({
          projectId,
          url: input.git.url.trim(),
          urlKey: key,
          branch: input.git.branch,
          folder,
          provider: input.git.provider,
          sealedToken,
          markdown: input.markdown,
          storageLimitMb: input.storageLimitMb ?? null,
        }),
    };
  }

  /** Fields a static project adds to its contract view. */
  projectView(p: ProjectRecord): Partial<Project> {
    const s = this.repo.source(p.id);
    if (!s) return {};
    return {
      git: { url: s.url, branch: s.branch, folder: s.folder, provider: s.provider, hasToken: s.sealedToken !== null },
      markdown: s.markdown,
      storageLimitMb: s.storageLimitMb,
    };
  }

  liveSite(stageId: number): LiveSite | null {
    const s = this.repo.live(stageId);
    if (!s) return null;
    return { commit: s.commitSha, shortSha: s.commitSha.slice(0, 7), message: s.message, author: s.author, ref: s.ref, deployId: s.deployId, files: s.files, bytes: s.bytes, liveSince: s.liveAt };
  }

  /** The stage's route: its live snapshot, or none yet (the proxy answers 503). */
  routeFor(stage: StageRecord, publicPort = stage.publicPort): { key: string; publicPort: number; mode: 'static'; targetPort: null; root: string | null } {
    return { key: routeKey(stage.id), publicPort, mode: 'static', targetPort: null, root: stage.stopped ? null : (this.repo.live(stage.id)?.dir ?? null) };
  }

  /** Points the stage's stable URL at what it should serve now. */
  async setRoute(stage: StageRecord): Promise<void> {
    await this.d.routes.setRoute(this.routeFor(stage));
  }

  /** Brings every static stage's route back to its live snapshot (the proxy may have lost or changed it). */
  async restoreRoutes(): Promise<void> {
    for (const src of this.repo.sources()) {
      for (const stage of this.d.stages.byProject(src.projectId)) {
        const want = this.routeFor(stage);
        const have = (await this.d.routes.listRoutes()).find((r) => r.key === want.key);
        if (have && have.mode === 'static' && have.root === want.root && have.publicPort === want.publicPort && have.listening) continue;
        await this.d.routes.setRoute(want).catch((error: unknown) => {
          this.d.bus.emit({ type: 'stage.port-unavailable', level: 'error', message: `${stage.name}: the stable port ${String(stage.publicPort)} cannot be served: ${messageOf(error)}`, projectId: src.projectId, stageId: stage.id });
        });
      }
    }
  }

  /** Removes a static project's cache and snapshots (after its stages and routes are gone). */
  purge(projectId: number): void {
    this.gitCaches.delete(projectId);
    fs.rmSync(staticDir(this.d.dataDir, projectId), { recursive: true, force: true });
  }

  /** The repository's branches and tags now (the project's branch first), for the Deploy dialog. */
  async refs(projectId: number): Promise<{ branch: string; refs: GitRef[] }> {
    const src = this.requireSource(projectId);
    let all: Awaited<ReturnType<typeof listRefs>>;
    try {
      all = await listRefs(src.url, this.authFor(src));
    } catch (error) {
      const kind = error instanceof StaticSourceError ? error.kind : null;
      throw new AppError(kind === 'auth' ? 'UNAUTHORIZED' : kind === 'not-found' ? 'NOT_FOUND' : 'CONFLICT', `The refs of ${src.url} could not be listed: ${messageOf(error)}`);
    }
    const refs: GitRef[] = [];
    for (const r of all) {
      if (r.ref.startsWith('refs/heads/')) refs.push({ name: r.ref.slice(11), kind: 'branch', commit: r.oid });
      else if (r.ref.startsWith('refs/tags/') && !r.ref.endsWith('^{}')) refs.push({ name: r.ref.slice(10), kind: 'tag', commit: r.peeled ?? r.oid });
    }
    const rank = (r: GitRef): number => (r.kind === 'branch' ? (r.name === src.branch ? 0 : 1) : 2);
    refs.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    return { branch: src.branch, refs };
  }

  /** The ref a manual deploy without one takes: the project's branch. */
  defaultRef(projectId: number): string {
    return this.requireSource(projectId).branch;
  }

  /** The previous snapshot's commit, for a rollback through the queue (instant: the snapshot is still there). */
  rollbackTarget(stage: StageRecord): { commit: string; ref: string } {
    const target = rollbackSnapshot(this.repo.snapshots(stage.id).filter((s) => fs.existsSync(s.dir)));
    const live = this.repo.live(stage.id);
    if (!live) throw new AppError('CONFLICT', `Nothing is live on ${stage.name}, so there is nothing to roll back from. Deploy a ref first.`);
    if (!target) throw new AppError('CONFLICT', `${stage.name} keeps no earlier snapshot to roll back to (it keeps ${String(stage.maxInstances)}; raise maxInstances to keep more).`);
    return { commit: target.commitSha, ref: target.ref };
  }

  /** The upstream stage's live commit, for a promote (pinned to the sha). */
  promoteTarget(stage: StageRecord): { tag: string; digest: string; from: string } {
    if (stage.upstreamStageId === null) throw new AppError('CONFLICT', `${stage.name} has no upstream stage to promote from. Set one with stages.update { upstream }.`);
    const live = this.repo.live(stage.upstreamStageId);
    if (!live) throw new AppError('CONFLICT', 'Nothing is live on the upstream stage, so there is nothing to promote.');
    return { tag: live.commitSha, digest: live.commitSha, from: `${live.commitSha.slice(0, 7)} ${live.message}`.trim() };
  }

  /** Stages to deploy for a push: static projects of that repository whose branch it is, on stages that follow it. */
  stagesForPush(push: PushInfo): { project: ProjectRecord; stage: StageRecord }[] {
    if (!push.branch) return [];
    const out: { project: ProjectRecord; stage: StageRecord }[] = [];
    for (const src of this.repo.sources()) {
      if (src.branch !== push.branch || !pushMatches(src.url, push)) continue;
      const project = this.d.projects.get(src.projectId);
      if (!project) continue;
      for (const stage of this.d.stages.byProject(project.id)) if (stage.autoDeploy && stage.upstreamStageId === null && !stage.stopped) out.push({ project, stage });
    }
    return out;
  }

  /** Repositories to poll: one ls-remote per repository, then the stages whose branch tip moved. */
  pollTargets(): { url: string; auth: GitAuth | null; branches: { projectId: number; branch: string }[] }[] {
    const byUrl = new Map<string, { url: string; auth: GitAuth | null; branches: { projectId: number; branch: string }[] }>();
    for (const src of this.repo.sources()) {
      const e = byUrl.get(src.urlKey) ?? { url: src.url, auth: this.authFor(src), branches: [] };
      e.branches.push({ projectId: src.projectId, branch: src.branch });
      byUrl.set(src.urlKey, e);
    }
    return [...byUrl.values()];
  }

  /** Runs one queued deploy of a static stage (the deploy queue calls this). */
  async run(id: number, signal: AbortSignal): Promise<DeployRecord> {
    const first = this.d.deploys.require(id);
    if (first.status !== 'queued' && !['pulling', 'starting', 'checking', 'switching'].includes(first.status)) return first;
    const r = this.openRun(first);
    this.d.bus.emit({ type: 'deploy.started', message: `Deploying ${r.project.name} ${r.dep.tag} to ${r.stage.name}`, projectId: r.project.id, stageId: r.stage.id, deployId: id, data: deployEventData(r.project, r.stage, r.dep, { reason: r.dep.reason }) });
    for (let next = nextStaticStep(r.state); next.step !== null; next = nextStaticStep(r.state)) {
      const step = next.step;
      if (signal.aborted) return this.fail(r.dep, r.project, r.stage, 'pull', new Error('the deploy was interrupted; deploy again'), r.steps);
      this.beginStep(r, step);
      try {
        await this.runStep(r, step);
      } catch (error) {
        this.endStep(r, 'failed', messageOf(error));
        if (afterFailure(step).status === 'succeeded') {
          r.state.cleaned = true;
          continue;
        }
        return this.fail(r.dep, r.project, r.stage, step, error, r.steps);
      }
    }
    return this.succeed(r);
  }

  /** Counts the attempt and gathers what the steps share; a snapshot for a known commit (rollback, promote, a redeploy) is reused as is. */
  private openRun(queued: DeployRecord): StaticRun {
    const stage = this.d.stages.require(queued.stageId);
    const project = this.d.projects.require(queued.projectId);
    const src = this.requireSource(project.id);
    const started = Date.now();
    // A resumed static deploy starts over: every step before the switch only writes aside.
    const dep = this.d.deploys.update(queued.id, { attempts: queued.attempts + 1, startedAt: started, status: 'pulling', steps: [] });
    const dir = staticDir(this.d.dataDir, project.id);
    // A pinned commit (push, rollback, promote) is deployed even if the branch has moved on since.
    const r: StaticRun = {
      dep,
      project,
      stage,
      src,
      started,
      pinned: dep.digest,
      steps: [],
      state: { commit: null, snapshotReady: false, switched: false, cleaned: false },
      info: null,
      built: null,
      cache: this.gitCache(project.id),
      gitdir: path.join(dir, 'repo.git'),
      snapshotsDir: path.join(dir, 'snapshots'),
    };
    const existing = r.pinned ? this.findSnapshot(project.id, r.pinned, r.snapshotsDir, src) : null;
    if (existing) {
      r.state.commit = existing.commitSha;
      r.state.snapshotReady = true;
      r.built = { dir: existing.dir, files: existing.files, bytes: existing.bytes };
      r.info = { message: existing.message, author: existing.author };
    }
    return r;
  }

  private runStep(r: StaticRun, step: StaticStep): Promise<void> {
    switch (step) {
      case 'pull':
        return this.pullStep(r);
      case 'create':
        return this.buildStep(r);
      case 'switch':
        return this.switchStep(r);
      default:
        this.cleanupStep(r);
        return Promise.resolve();
    }
  }

  /** Resolves the ref to a commit and fetches it (one git operation per project at a time). */
  private async pullStep(r: StaticRun): Promise<void> {
    const auth = this.authFor(r.src);
    const { dep, pinned } = r;
    const resolved = await this.exclusive(r.project.id, async () => {
      // A push names its branch and commit: no need to ask the server what the branch points at.
      const known = pinned && (dep.trigger === 'webhook' || dep.trigger === 'poll') ? { commit: pinned, fetchRef: `refs/heads/${dep.tag}` } : null;
      let ref = known ?? (await resolveRef(r.src.url, dep.tag, auth));
      if (pinned && ref.commit !== pinned) ref = { commit: pinned, fetchRef: null };
      await fetchCommit(r.gitdir, r.src.url, ref, auth, r.cache);
      return ref;
    });
    r.state.commit = resolved.commit;
    r.info = await commitInfo(r.gitdir, resolved.commit, r.cache);
    r.dep = this.d.deploys.update(dep.id, { digest: resolved.commit });
    this.endStep(r, 'done', `${r.dep.tag} → ${resolved.commit.slice(0, 7)} ${r.info.message}`);
    const reuse = this.findSnapshot(r.project.id, resolved.commit, r.snapshotsDir, r.src);
    if (reuse) {
      r.state.snapshotReady = true;
      r.built = { dir: reuse.dir, files: reuse.files, bytes: reuse.bytes };
      r.steps.push({ name: 'create', status: 'skipped', startedAt: Date.now(), endedAt: Date.now(), detail: 'snapshot already built' });
    }
  }

  private async buildStep(r: StaticRun): Promise<void> {
    const commit = r.state.commit!;
    const built = await this.exclusive(r.project.id, async () => {
      r.info ??= await commitInfo(r.gitdir, commit, r.cache);
      return buildSnapshot(
        {
          gitdir: r.gitdir,
          commit,
          folder: r.src.folder,
          markdown: r.src.markdown,
          limitBytes: r.src.storageLimitMb === null ? null : r.src.storageLimitMb * 1024 * 1024,
          dir: path.join(r.snapshotsDir, snapshotName(commit, r.src.folder, r.src.markdown)),
          previous: this.repo.live(r.stage.id)?.dir ?? null,
        },
        r.cache,
      );
    });
    r.built = built;
    r.state.snapshotReady = true;
    this.endStep(r, 'done', `${String(built.files)} files, ${(built.bytes / 1024).toFixed(0)} KiB`);
  }

  private async switchStep(r: StaticRun): Promise<void> {
    const { stage, project } = r;
    const built = r.built!;
    const commit = r.state.commit!;
    await this.d.routes.setRoute({ key: routeKey(stage.id), publicPort: stage.publicPort, mode: 'static', targetPort: null, root: built.dir });
    this.repo.setLive({ projectId: project.id, stageId: stage.id, deployId: r.dep.id, commitSha: commit, ref: r.dep.tag, message: r.info?.message ?? '', author: r.info?.author ?? '', dir: built.dir, files: built.files, bytes: built.bytes, liveAt: Date.now() });
    if (stage.stopped) this.d.stages.update(stage.id, { stopped: false });
    r.state.switched = true;
    r.dep = this.d.deploys.update(r.dep.id, { durationMs: Date.now() - r.started });
    this.endStep(r, 'done', `serving ${commit.slice(0, 7)}`);
  }

  private cleanupStep(r: StaticRun): void {
    const pruned = this.prune(r.stage);
    r.state.cleaned = true;
    this.endStep(r, 'done', pruned > 0 ? `${String(pruned)} old snapshot(s) removed` : null);
  }

  private beginStep(r: StaticRun, name: StaticStep): void {
    r.steps.push({ name, status: 'running', startedAt: Date.now(), endedAt: null, detail: null });
    this.d.deploys.update(r.dep.id, { steps: [...r.steps], status: name === 'switch' ? 'switching' : name === 'create' ? 'starting' : 'pulling' });
  }

  private endStep(r: StaticRun, status: 'done' | 'skipped' | 'failed', detail: string | null): void {
    const last = r.steps[r.steps.length - 1];
    if (last) r.steps[r.steps.length - 1] = { ...last, status, endedAt: Date.now(), detail };
    this.d.deploys.update(r.dep.id, { steps: [...r.steps] });
  }

  private succeed(r: StaticRun): DeployRecord {
    const { project, stage, info } = r;
    const done = this.d.deploys.update(r.dep.id, { status: 'succeeded', finishedAt: Date.now(), error: null });
    const short = (r.state.commit ?? '').slice(0, 7);
    this.d.bus.emit({
      type: 'deploy.succeeded',
      message: `${project.name} ${short} (${info?.message ?? ''}) is live on ${stage.name} (${String(done.durationMs ?? 0)} ms)`,
      projectId: project.id,
      stageId: stage.id,
      deployId: done.id,
      data: deployEventData(project, stage, done, { durationMs: done.durationMs, commit: r.state.commit, message: info?.message, author: info?.author }),
    });
    return done;
  }

  private fail(dep: DeployRecord, project: ProjectRecord, stage: StageRecord, step: StaticStep, error: unknown, steps: DeployStep[]): DeployRecord {
    const why = messageOf(error);
    const live = this.repo.live(stage.id);
    const serving = live ? `; ${live.commitSha.slice(0, 7)} keeps serving` : '';
    const failed = this.d.deploys.update(dep.id, { status: 'failed', error: why, finishedAt: Date.now(), steps });
    this.d.bus.emit({
      type: 'deploy.failed',
      level: 'error',
      message: `${project.name} ${dep.tag} failed on ${stage.name} at ${step}: ${why}${serving}`,
      projectId: project.id,
      stageId: stage.id,
      deployId: dep.id,
      data: deployEventData(project, stage, failed, { step, error: why, kind: error instanceof StaticSourceError ? error.kind : 'internal' }),
    });
    return failed;
  }

  private findSnapshot(projectId: number, commit: string, snapshotsDir: string, src: StaticSource): SnapshotRecord | null {
    const dir = path.join(snapshotsDir, snapshotName(commit, src.folder, src.markdown));
    if (!fs.existsSync(dir)) return null;
    return this.repo.allPresent().find((s) => s.projectId === projectId && s.dir === dir) ?? null;
  }

  private prune(stage: StageRecord): number {
    const { forget, deleteDirs } = snapshotsToPrune(this.repo.snapshots(stage.id), stage.maxInstances, this.repo.allPresent());
    this.repo.forget(forget);
    for (const dir of deleteDirs) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(manifestPath(dir), { force: true });
    }
    return forget.length;
  }

  private authFor(src: StaticSource): GitAuth | null {
    if (src.sealedToken !== null) {
      // Forges accept a token as the password of basic auth (GitHub, Gitea and Forgejo with any user name; GitLab with "oauth2").
      return { username: src.provider === 'gitlab' ? 'oauth2' : 'slipway', password: this.d.box.decrypt(src.sealedToken) };
    }
    return this.d.hostCredentials?.(hostOf(src.url)) ?? null;
  }

  private requireSource(projectId: number): StaticSource {
    const s = this.repo.source(projectId);
    if (!s) throw new AppError('NOT_FOUND', `Project ${String(projectId)} is not a static site.`);
    return s;
  }

  private gitCache(projectId: number): object {
    let cache = this.gitCaches.get(projectId);
    if (!cache) this.gitCaches.set(projectId, (cache = {}));
    return cache;
  }

  private exclusive<T>(projectId: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.gitLocks.get(projectId) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.gitLocks.set(projectId, tail);
    void tail.then(() => {
      if (this.gitLocks.get(projectId) === tail) this.gitLocks.delete(projectId);
    });
    return run;
  }
}

/** "/docs/" → "/docs"; refuses paths that climb out of the repository. */
export function normaliseFolder(folder: string): string {
  const parts = folder.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new AppError('INVALID_INPUT', `git.folder: "${folder}" may not contain "..". Give a folder of the repository, e.g. "/docs".`);
  return `/${parts.join('/')}`;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
