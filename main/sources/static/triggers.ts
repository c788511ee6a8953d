import type { AppEvent } from '../../../preload/contract';
import type { EventBus } from '../../events/bus';
import type { Deployer } from '../../deployer/deployer';
import { listRefs } from './git-source';
import type { PushInfo, StaticSites } from './static-sites';

/** Reads the push fields a `git.push` event carries (written by main/git from a validated webhook). */
function pushOf(e: AppEvent): PushInfo | null {
  const d = e.data as { repo?: unknown; repoUrl?: unknown; branch?: unknown; commit?: unknown };
  if (typeof d.repo !== 'string' || typeof d.commit !== 'string') return null;
  return {
    repo: d.repo,
    repoUrl: typeof d.repoUrl === 'string' ? d.repoUrl : null,
    branch: typeof d.branch === 'string' ? d.branch : null,
    commit: d.commit,
  };
}

/** Deploys the pushed commit on every static stage that follows the pushed repository and branch. */
export function deployPush(sites: StaticSites, deployer: Deployer, push: PushInfo, trigger: 'webhook' | 'poll', reason: string): number[] {
  const ids: number[] = [];
  for (const { stage } of sites.stagesForPush(push)) {
    // Pinned to the pushed commit: a later push supersedes it in the queue.
    ids.push(deployer.enqueue({ stageId: stage.id, tag: push.branch ?? push.commit, digest: push.commit, trigger, reason }).deploy.id);
  }
  return ids;
}

/** A forge's push webhook (recorded by main/git as a `git.push` event) deploys matching static sites. */
export function followPushes(bus: EventBus, sites: StaticSites, deployer: Deployer): () => void {
  return bus.onEvent((e) => {
    if (e.type !== 'git.push') return;
    const push = pushOf(e);
    if (!push) return;
    deployPush(sites, deployer, push, 'webhook', `git push to ${push.repo} ${push.branch ?? ''} (${push.commit.slice(0, 12)})`);
  });
}

/**
 * One poll cycle: one ls-remote per repository, then a deploy for each followed branch whose tip is
 * not what its stages serve. Answers the deploys queued and the repositories that could not be asked.
 */
export async function pollStaticSites(sites: StaticSites, deployer: Deployer): Promise<{ queued: number[]; failed: { url: string; error: string }[] }> {
  const queued: number[] = [];
  const failed: { url: string; error: string }[] = [];
  for (const target of sites.pollTargets()) {
    let refs: { ref: string; oid: string }[];
    try {
      refs = await listRefs(target.url, target.auth);
    } catch (error) {
      failed.push({ url: target.url, error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    for (const b of target.branches) {
      const tip = refs.find((r) => r.ref === `refs/heads/${b.branch}`)?.oid;
      if (!tip) continue;
      for (const { stage } of sites.stagesForPush({ repo: '', repoUrl: target.url, branch: b.branch, commit: tip })) {
        if (stage.projectId !== b.projectId || !stage.pollEnabled) continue;
        if (sites.liveSite(stage.id)?.commit === tip) continue;
        const e = deployer.enqueue({ stageId: stage.id, tag: b.branch, digest: tip, trigger: 'poll', reason: `branch ${b.branch} moved to ${tip.slice(0, 12)}` });
        if (e.verdict === 'queued') queued.push(e.deploy.id);
      }
    }
  }
  return { queued, failed };
}
