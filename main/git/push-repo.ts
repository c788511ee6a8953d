import type { FollowAction, GitFollow, GitPush } from '../../preload/contract';
import type { Db } from '../store/db';

interface PushSql {
  id: number;
  repo: string;
  repo_key: string;
  repo_url: string | null;
  ref: string;
  branch: string | null;
  tag: string | null;
  commit_sha: string;
  pusher: string | null;
  commit_count: number;
  commits: string;
  compare_url: string | null;
  delivery_key: string;
  received_at: number;
}

interface FollowSql {
  id: number;
  project_id: number;
  stage_id: number | null;
  repo: string;
  repo_key: string;
  branch: string;
  action: string;
  created_at: number;
  last_triggered_at: number | null;
}

const pushFromSql = (r: PushSql): GitPush => ({
  id: r.id,
  repo: r.repo,
  repoUrl: r.repo_url,
  ref: r.ref,
  branch: r.branch,
  tag: r.tag,
  commit: r.commit_sha,
  pusher: r.pusher,
  commitCount: r.commit_count,
  commits: JSON.parse(r.commits) as GitPush['commits'],
  compareUrl: r.compare_url,
  receivedAt: r.received_at,
});

const followFromSql = (r: FollowSql): GitFollow => ({
  id: r.id,
  projectId: r.project_id,
  repo: r.repo,
  branch: r.branch,
  action: JSON.parse(r.action) as FollowAction,
  createdAt: r.created_at,
  lastTriggeredAt: r.last_triggered_at,
});

export const repoKey = (repo: string): string => repo.trim().toLowerCase();

export type NewPush = Omit<GitPush, 'id'> & { readonly deliveryKey: string };

export class GitPushRepo {
  constructor(private readonly db: Db) {}

  /** Inserts unless the delivery was seen; null for a duplicate. */
  insert(p: NewPush): GitPush | null {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO git_pushes(repo, repo_key, repo_url, ref, branch, tag, commit_sha, pusher, commit_count, commits, compare_url, delivery_key, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.repo, repoKey(p.repo), p.repoUrl, p.ref, p.branch, p.tag, p.commit, p.pusher, p.commitCount, JSON.stringify(p.commits), p.compareUrl, p.deliveryKey, p.receivedAt);
    if (info.changes === 0) return null;
    return { ...p, id: Number(info.lastInsertRowid) };
  }

  /** The commit the ref was last seen at. */
  lastCommit(repo: string, ref: string): string | null {
    return (
      this.db
        .prepare<[string, string], { commit_sha: string }>('SELECT commit_sha FROM git_pushes WHERE repo_key = ? AND ref = ? ORDER BY id DESC LIMIT 1')
        .get(repoKey(repo), ref)?.commit_sha ?? null
    );
  }

  /** Repositories, most recently pushed first, each with its latest pushes. */
  byRepository(repo: string | undefined, perRepo: number, beforeId?: number): { repo: string; repoUrl: string | null; pushCount: number; lastPushAt: number; pushes: GitPush[] }[] {
    const groups = this.db
      .prepare<[string | null, string | null], { repo_key: string; n: number; last: number }>(
        'SELECT repo_key, COUNT(*) AS n, MAX(received_at) AS last FROM git_pushes WHERE (? IS NULL OR repo_key = ?) GROUP BY repo_key ORDER BY MAX(id) DESC LIMIT 200',
      )
      .all(repo === undefined ? null : repoKey(repo), repo === undefined ? null : repoKey(repo));
    const latest = this.db.prepare<[string, number, number], PushSql>('SELECT * FROM git_pushes WHERE repo_key = ? AND id < ? ORDER BY id DESC LIMIT ?');
    return groups.map((g) => {
      const pushes = latest.all(g.repo_key, beforeId ?? Number.MAX_SAFE_INTEGER, perRepo).map(pushFromSql);
      const newest = pushes[0];
      return {
        repo: newest?.repo ?? g.repo_key,
        repoUrl: pushes.find((p) => p.repoUrl !== null)?.repoUrl ?? null,
        pushCount: g.n,
        lastPushAt: g.last,
        pushes,
      };
    });
  }

  prune(before: number): number {
    return this.db.prepare('DELETE FROM git_pushes WHERE received_at < ?').run(before).changes;
  }

  follow(f: { projectId: number; repo: string; branch: string; action: FollowAction; createdAt: number }): GitFollow {
    const info = this.db
      .prepare('INSERT INTO git_follows(project_id, stage_id, repo, repo_key, branch, action, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(f.projectId, f.action.stageId, f.repo, repoKey(f.repo), f.branch, JSON.stringify(f.action), f.createdAt);
    return this.getFollow(Number(info.lastInsertRowid))!;
  }

  getFollow(id: number): GitFollow | undefined {
    const row = this.db.prepare<[number], FollowSql>('SELECT * FROM git_follows WHERE id = ?').get(id);
    return row ? followFromSql(row) : undefined;
  }

  unfollow(id: number): boolean {
    return this.db.prepare('DELETE FROM git_follows WHERE id = ?').run(id).changes > 0;
  }

  follows(projectId?: number): GitFollow[] {
    return this.db
      .prepare<[number | null, number | null], FollowSql>('SELECT * FROM git_follows WHERE (? IS NULL OR project_id = ?) ORDER BY id')
      .all(projectId ?? null, projectId ?? null)
      .map(followFromSql);
  }

  followsOf(repo: string): GitFollow[] {
    return this.db.prepare<[string], FollowSql>('SELECT * FROM git_follows WHERE repo_key = ? ORDER BY id').all(repoKey(repo)).map(followFromSql);
  }

  markTriggered(id: number, at: number): void {
    this.db.prepare('UPDATE git_follows SET last_triggered_at = ? WHERE id = ?').run(at, id);
  }

  stageOfProject(stageId: number): number | null {
    return this.db.prepare<[number], { project_id: number }>('SELECT project_id FROM stages WHERE id = ?').get(stageId)?.project_id ?? null;
  }

  projectExists(id: number): boolean {
    return this.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM projects WHERE id = ?').get(id)!.n > 0;
  }
}
