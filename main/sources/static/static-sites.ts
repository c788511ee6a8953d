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
    const { deploys } = this.d;
    let dep = deploys.require(id);
    if (dep.status !== 'queued' && !['pulling', 'starting', 'checking', 'switching'].includes(dep.status)) return dep;
    const stage = this.d.stages.require(dep.stageId);
    const project = this.d.projects.require(dep.projectId);
    const src = this.requireSource(project.id);
    const started = Date.now();
    // A resumed static deploy starts over: every step before the switch only writes aside.
    dep = deploys.update(id, { attempts: dep.attempts + 1, startedAt: started, status: 'pulling', steps: [] });
    this.d.bus.emit({ type: 'deploy.started', message: `Deploying ${project.name} ${dep.tag} to ${stage.name}`, projectId: project.id, stageId: stage.id, deployId: id, data: deployEventData(project, stage, dep, { reason: dep.reason }) });

    const steps: DeployStep[] = [];
    const begin = (name: StaticStep): void => {
      steps.push({ name, status: 'running', startedAt: Date.now(), endedAt: null, detail: null });
      deploys.update(id, { steps: [...steps], status: name === 'switch' ? 'switching' : name === 'create' ? 'starting' : 'pulling' });
    };
    const end = (status: 'done' | 'skipped' | 'failed', detail: string | null): void => {
      const last = steps[steps.length - 1];
      if (last) steps[steps.length - 1] = { ...last, status, endedAt: Date.now(), detail };
      deploys.update(id, { steps: [...steps] });
    };

    // A pinned commit (push, rollback, promote) is deployed even if the branch has moved on since.
    const pinned = dep.digest;
    const state: { commit: string | null; snapshotReady: boolean; switched: boolean; cleaned: boolean } = { commit: null, snapshotReady: false, switched: false, cleaned: false };
    let info: CommitInfo | null = null;
    let built: { dir: string; files: number; bytes: number } | null = null;
    const cache = this.gitCache(project.id);
    const gitdir = path.join(staticDir(this.d.dataDir, project.id), 'repo.git');
    const snapshotsDir = path.join(staticDir(this.d.dataDir, project.id), 'snapshots');
    // A snapshot for a known commit (rollback, promote, a redeploy) is reused as is.
    const existing = pinned ? this.findSnapshot(project.id, pinned, snapshotsDir, src) : null;
    if (existing) {
      state.commit = existing.commitSha;
      state.snapshotReady = true;
      built = { dir: existing.dir, files: existing.files, bytes: existing.bytes };
      info = { message: existing.message, author: existing.author };
    }

    for (let next = nextStaticStep(state); next.step !== null; next = nextStaticStep(state)) {
      const step = next.step;
      if (signal.aborted) return this.fail(dep, project, stage, 'pull', new Error('the deploy was interrupted; deploy again'), steps);
      begin(step);
      try {
        if (step === 'pull') {
          const auth = this.authFor(src);
          const resolved = await this.exclusive(project.id, async () => {
            // A push names its branch and commit: no need to ask the server what the branch points at.
            const known = pinned && (dep.trigger === 'webhook' || dep.trigger === 'poll') ? { commit: pinned, fetchRef: `refs/heads/${dep.tag}` } : null;
            let r = known ?? (await resolveRef(src.url, dep.tag, auth));
            if (pinned && r.commit !== pinned) r = { commit: pinned, fetchRef: null };
            await fetchCommit(gitdir, src.url, r, auth, cache);
            return r;
          });
          state.commit = resolved.commit;
          info = await commitInfo(gitdir, resolved.commit, cache);
          dep = deploys.update(id, { digest: resolved.commit });
          end('done', `${dep.tag} → ${resolved.commit.slice(0, 7)} ${info.message}`);
          const reuse = this.findSnapshot(project.id, resolved.commit, snapshotsDir, src);
          if (reuse) {
            state.snapshotReady = true;
            built = { dir: reuse.dir, files: reuse.files, bytes: reuse.bytes };
            steps.push({ name: 'create', status: 'skipped', startedAt: Date.now(), endedAt: Date.now(), detail: 'snapshot already built' });
          }
        } else if (step === 'create') {
          const commit = state.commit!;
          built = await this.exclusive(project.id, async () => {
            if (!info) info = await commitInfo(gitdir, commit, cache);
            return buildSnapshot(
              {
                gitdir,
                commit,
                folder: src.folder,
                markdown: src.markdown,
                limitBytes: src.storageLimitMb === null ? null : src.storageLimitMb * 1024 * 1024,
                dir: path.join(snapshotsDir, snapshotName(commit, src.folder, src.markdown)),
                previous: this.repo.live(stage.id)?.dir ?? null,
              },
              cache,
            );
          });
          state.snapshotReady = true;
          end('done', `${String(built.files)} files, ${(built.bytes / 1024).toFixed(0)} KiB`);
        } else if (step === 'switch') {
          await this.d.routes.setRoute({ key: routeKey(stage.id), publicPort: stage.publicPort, mode: 'static', targetPort: null, root: built!.dir });
          this.repo.setLive({ projectId: project.id, stageId: stage.id, deployId: id, commitSha: state.commit!, ref: dep.tag, message: info?.message ?? '', author: info?.author ?? '', dir: built!.dir, files: built!.files, bytes: built!.bytes, liveAt: Date.now() });
          if (stage.stopped) this.d.stages.update(stage.id, { stopped: false });
          state.switched = true;
          dep = deploys.update(id, { durationMs: Date.now() - started });
          end('done', `serving ${state.commit!.slice(0, 7)}`);
        } else {
          const pruned = this.prune(stage);
          state.cleaned = true;
          end('done', pruned > 0 ? `${String(pruned)} old snapshot(s) removed` : null);
        }
      } catch (error) {
        end('failed', messageOf(error));
        if (afterFailure(step).status === 'succeeded') {
          state.cleaned = true;
          continue;
        }
        return this.fail(dep, project, stage, step, error, steps);
      }
    }

    const done = deploys.update(id, { status: 'succeeded', finishedAt: Date.now(), error: null });
    const short = (state.commit ?? '').slice(0, 7);
    this.d.bus.emit({
      type: 'deploy.succeeded',
      message: `${project.name} ${short} (${info?.message ?? ''}) is live on ${stage.name} (${String(done.durationMs ?? 0)} ms)`,
      projectId: project.id,
      stageId: stage.id,
      deployId: id,
      data: deployEventData(project, stage, done, { durationMs: done.durationMs, commit: state.commit, message: info?.message, author: info?.author }),
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
