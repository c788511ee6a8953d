import type { Clock } from './types';

export interface PushSummary {
  readonly repo: string;
  readonly pusher: string | null;
  readonly commits: number;
  readonly branch: string | null;
  readonly tag: string | null;
  /** Compare URL, else the last commit's URL, else the repository URL. */
  readonly link: string | null;
}

export interface PushNotice {
  readonly repo: string;
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
  /** How many pushes this notice stands for. */
  readonly pushes: number;
  readonly commits: number;
}

interface Pending {
  pushes: number;
  commits: number;
  pushers: Set<string>;
  refs: Set<string>;
  link: string | null;
}

interface RepoState {
  /** When the last notice for this repository went out. */
  lastAt: number;
  pending: Pending | null;
  timer: { cancel(): void } | null;
}

/**
 * At most one notice per repository per interval: the first push notifies at once; pushes
 * within the interval after it are summed into one notice sent when the interval ends.
 */
export class PushNoticeCoalescer {
  private readonly repos = new Map<string, RepoState>();

  constructor(
    private readonly clock: Clock,
    private readonly send: (notice: PushNotice) => void,
    private readonly intervalMs = 60_000,
  ) {}

  add(push: PushSummary): void {
    const key = push.repo.toLowerCase();
    const now = this.clock.now();
    let state = this.repos.get(key);
    if (!state || (state.pending === null && now - state.lastAt >= this.intervalMs)) {
      state = { lastAt: now, pending: null, timer: null };
      this.repos.set(key, state);
      this.send(render(push.repo, fromPush(push)));
      return;
    }
    const pending = (state.pending ??= { pushes: 0, commits: 0, pushers: new Set(), refs: new Set(), link: null });
    pending.pushes += 1;
    pending.commits += push.commits;
    if (push.pusher) pending.pushers.add(push.pusher);
    pending.refs.add(refLabel(push));
    pending.link = push.link ?? pending.link;
    if (!state.timer) {
      const s = state;
      s.timer = this.clock.setTimeout(() => this.flush(key, push.repo, s), Math.max(0, s.lastAt + this.intervalMs - now));
    }
  }

  /** Drops waiting notices (on stop). */
  clear(): void {
    for (const s of this.repos.values()) s.timer?.cancel();
    this.repos.clear();
  }

  private flush(key: string, repo: string, state: RepoState): void {
    state.timer = null;
    const pending = state.pending;
    state.pending = null;
    if (!pending || this.repos.get(key) !== state) return;
    state.lastAt = this.clock.now();
    this.send(render(repo, pending));
  }
}

function fromPush(p: PushSummary): Pending {
  return { pushes: 1, commits: p.commits, pushers: new Set(p.pusher ? [p.pusher] : []), refs: new Set([refLabel(p)]), link: p.link };
}

function refLabel(p: PushSummary): string {
  if (p.branch) return p.branch;
  if (p.tag) return `tag ${p.tag}`;
  return 'a ref';
}

function render(repo: string, p: Pending): PushNotice {
  const who = p.pushers.size === 0 ? 'someone' : [...p.pushers].join(', ');
  const commits = `${String(p.commits)} commit${p.commits === 1 ? '' : 's'}`;
  const refs = [...p.refs].join(', ');
  const body = p.pushes > 1 ? `${who} pushed ${commits} to ${refs} (${String(p.pushes)} pushes)` : `${who} pushed ${commits} to ${refs}`;
  return { repo, title: `[${repo}] ${body}`, body, link: p.link, pushes: p.pushes, commits: p.commits };
}
