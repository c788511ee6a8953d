import type { Db } from '../store/db';
import type { StageSubscription } from '../matcher/subscription';
import { cachedBy, type ChangeWatch } from './change-watch';
import { storedWindow } from '../triggers/update-window';

interface Row {
  project_id: number;
  project: string;
  image: string;
  stage_id: number;
  stage: string;
  tag_pattern: string;
  semver_range: string | null;
  auto_deploy: number;
  poll_enabled: number;
  update_window: string | null;
}

const SELECT = `SELECT p.id AS project_id, p.name AS project, p.image AS image, s.id AS stage_id, s.name AS stage,
  s.tag_pattern, s.semver_range, s.auto_deploy, s.poll_enabled, s.update_window
  FROM stages s JOIN projects p ON p.id = s.project_id AND p.kind = 'image'`;

const fromRow = (r: Row): StageSubscription => ({
  projectId: r.project_id,
  project: r.project,
  image: r.image,
  stageId: r.stage_id,
  stage: r.stage,
  tagPattern: r.tag_pattern,
  semverRange: r.semver_range,
  autoDeploy: r.auto_deploy === 1,
  pollEnabled: r.poll_enabled === 1,
  updateWindow: storedWindow(r.update_window),
});

/**
 * A read-only view of projects and stages shaped for matching. It reads the deployer's tables with one
 * lean join, kept in memory until a project or stage changes (the webhook hot path asks per event).
 */
export class SubscriptionReader {
  private readonly byImageStmt;
  private readonly allStmt;
  private readonly byStageStmt;
  private readonly followedReposStmt;
  private readonly byImageCache: (() => ReadonlyMap<string, StageSubscription[]>) | null;

  constructor(db: Db, watch?: ChangeWatch) {
    this.byImageStmt = db.prepare<[string], Row>(`${SELECT} WHERE p.image = ? ORDER BY s.id`);
    this.allStmt = db.prepare<[], Row>(`${SELECT} ORDER BY p.name, s.id`);
    this.byStageStmt = db.prepare<[number], Row>(`${SELECT} WHERE s.id = ?`);
    this.followedReposStmt = db.prepare<[], { repo: string }>('SELECT DISTINCT repo FROM git_follows ORDER BY repo');
    this.byImageCache = watch
      ? cachedBy(watch, ['projects', 'stages'], () => {
          const map = new Map<string, StageSubscription[]>();
          for (const s of this.allStmt.all().map(fromRow).sort((a, b) => a.stageId - b.stageId)) {
            const list = map.get(s.image);
            if (list) list.push(s);
            else map.set(s.image, [s]);
          }
          return map;
        })
      : null;
  }

  byImage(image: string): StageSubscription[] {
    if (this.byImageCache) return this.byImageCache().get(image) ?? [];
    return this.byImageStmt.all(image).map(fromRow);
  }

  all(): StageSubscription[] {
    return this.allStmt.all().map(fromRow);
  }

  stage(stageId: number): StageSubscription | null {
    const row = this.byStageStmt.get(stageId);
    return row ? fromRow(row) : null;
  }

  /** Git repositories some project follows (for the listener's health answer). */
  followedRepos(): string[] {
    return this.followedReposStmt.all().map((r) => r.repo);
  }
}
