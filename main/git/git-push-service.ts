import { minimatch } from 'minimatch';
import type { GitFollow, MethodArgs, Settings } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import type { Notifier } from '../notify/notifier';
import type { Db } from '../store/db';
import { PushNoticeCoalescer, type PushNotice } from './push-notices';
import { GitPushRepo } from './push-repo';
import { systemClock, type Clock, type FollowDeployer, type GitPushEvent } from './types';

export interface GitPushServiceDeps {
  readonly db: Db;
  readonly bus: EventBus;
  readonly notifier: Notifier;
  readonly prefs: () => Settings['notifications'];
  readonly clock?: Clock;
  /** Runs follow actions; null until a deployer is wired (follows are then recorded as skipped). */
  readonly deployer?: FollowDeployer | null;
  readonly noticeIntervalMs?: number;
}

export type RecordResult =
  | { readonly status: 'recorded'; readonly pushId: number; readonly follows: number }
  | { readonly status: 'duplicate'; readonly reason: string };

/** Git pushes from the inbound listener: recorded, announced (coalesced), and handed to followers. */
export class GitPushService {
  readonly repo: GitPushRepo;
  private readonly clock: Clock;
  private readonly notices: PushNoticeCoalescer;
  private deployer: FollowDeployer | null;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: GitPushServiceDeps) {
    this.repo = new GitPushRepo(deps.db);
    this.clock = deps.clock ?? systemClock;
    this.deployer = deps.deployer ?? null;
    this.notices = new PushNoticeCoalescer(this.clock, (n) => this.notify(n), deps.noticeIntervalMs ?? 60_000);
  }

  /** Wires the deployer once it exists (the composition root may build it after this service). */
  setDeployer(deployer: FollowDeployer | null): void {
    this.deployer = deployer;
  }

  /**
   * Records one push. `deliveryKey` identifies the inbound delivery (the vendor's stable id or a
   * content hash): the same key, or the same ref again at the commit it is already at, is a
   * duplicate and changes nothing.
   */
  record(event: GitPushEvent, meta: { readonly deliveryKey: string }): RecordResult {
    const key = `${meta.deliveryKey}\0${event.ref}`;
    if (this.repo.lastCommit(event.repo, event.ref) === event.commit) {
      return { status: 'duplicate', reason: `${event.repo} ${event.ref} is already at ${event.commit.slice(0, 12)}` };
    }
    const commitCount = Math.max(event.totalCommits ?? 0, event.commits.length);
    const push = this.repo.insert({
      repo: event.repo,
      repoUrl: event.repoUrl ?? null,
      ref: event.ref,
      branch: event.branch ?? null,
      tag: event.tag ?? null,
      commit: event.commit,
      pusher: event.pusher ?? null,
      commitCount,
      commits: event.commits.map((c) => ({ id: c.id, message: c.message, url: c.url ?? null, author: c.author ?? null })),
      compareUrl: event.compareUrl ?? null,
      receivedAt: this.clock.now(),
      deliveryKey: key,
    });
    if (!push) return { status: 'duplicate', reason: `delivery ${meta.deliveryKey} was already recorded` };

    const where = event.branch ?? (event.tag ? `tag ${event.tag}` : event.ref);
    const who = event.pusher ?? 'someone';
    this.deps.bus.emit({
      type: 'git.push',
      message: `[${event.repo}] ${who} pushed ${String(commitCount)} commit${commitCount === 1 ? '' : 's'} to ${where}`,
      data: {
        pushId: push.id,
        repo: event.repo,
        repoUrl: push.repoUrl,
        ref: event.ref,
        branch: push.branch,
        tag: push.tag,
        commit: event.commit,
        pusher: push.pusher,
        commitCount,
        commits: push.commits.slice(0, 20),
        compareUrl: push.compareUrl,
      },
    });
    const lastCommit = event.commits[event.commits.length - 1];
    this.notices.add({
      repo: event.repo,
      pusher: push.pusher,
      commits: commitCount,
      branch: push.branch,
      tag: push.tag,
      link: push.compareUrl ?? lastCommit?.url ?? push.repoUrl,
    });
    const follows = this.repo.followsOf(event.repo).filter((f) => event.branch !== undefined && minimatch(event.branch, f.branch));
    for (const f of follows) this.track(this.runFollow(f, event));
    return { status: 'recorded', pushId: push.id, follows: follows.length };
  }

  pushes(input: MethodArgs<'git.pushes'>): ReturnType<GitPushRepo['byRepository']> {
    return this.repo.byRepository(input.repo, input.limit, input.beforeId);
  }

  follow(input: MethodArgs<'git.follow'>): GitFollow {
    if (!this.repo.projectExists(input.projectId)) throw notFound('Project', input.projectId);
    const owner = this.repo.stageOfProject(input.action.stageId);
    if (owner === null) throw notFound('Stage', input.action.stageId);
    if (owner !== input.projectId) throw new AppError('INVALID_INPUT', `Stage ${String(input.action.stageId)} belongs to another project; pick one of project ${String(input.projectId)}'s stages.`);
    return this.repo.follow({ ...input, createdAt: this.clock.now() });
  }

  unfollow(id: number): void {
    if (!this.repo.unfollow(id)) throw notFound('Follow', id);
  }

  follows(projectId?: number): GitFollow[] {
    return this.repo.follows(projectId);
  }

  /** Drops notices still waiting and waits for follow actions already started. */
  async stop(): Promise<void> {
    this.notices.clear();
    await Promise.allSettled([...this.running]);
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  private async runFollow(f: GitFollow, event: GitPushEvent): Promise<void> {
    this.repo.markTriggered(f.id, this.clock.now());
    const reason = `git push to ${event.repo} ${event.branch ?? event.ref} (${event.commit.slice(0, 12)})`;
    if (!this.deployer) {
      this.deps.bus.emit({
        type: 'git.follow.skipped',
        level: 'warn',
        message: `${reason} matched a follow of project ${String(f.projectId)}, but this build cannot run deploys from git pushes yet.`,
        projectId: f.projectId,
        stageId: f.action.stageId,
        data: { followId: f.id },
      });
      return;
    }
    try {
      const result = await this.deployer.redeploy({ stageId: f.action.stageId, tag: f.action.tag, reason });
      this.deps.bus.emit({
        type: 'git.follow.triggered',
        message: result.deployId !== null ? `${reason}: deploy ${String(result.deployId)} queued` : `${reason}: nothing to deploy${result.note ? ` (${result.note})` : ''}`,
        projectId: f.projectId,
        stageId: f.action.stageId,
        deployId: result.deployId,
        data: { followId: f.id, note: result.note },
      });
    } catch (error) {
      this.deps.bus.emit({
        type: 'git.follow.failed',
        level: 'error',
        message: `${reason}: the follow action failed: ${error instanceof Error ? error.message : String(error)}`,
        projectId: f.projectId,
        stageId: f.action.stageId,
        data: { followId: f.id },
      });
    }
  }

  private notify(n: PushNotice): void {
    if (!this.deps.prefs().gitPush) return;
    this.deps.notifier.notify({ title: n.title, body: n.link ?? n.body, level: 'info', route: '/events?type=git.push' });
  }
}
