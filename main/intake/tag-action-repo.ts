import type { Db } from '../store/db';

export type TagActionKind = 'deploy' | 'update-available';
export type TagSource = 'webhook' | 'poll';

export interface NewTagAction {
  readonly stageId: number;
  readonly tag: string;
  /** '' when unknown. */
  readonly digest: string;
  readonly action: TagActionKind;
  readonly source: TagSource;
  readonly deliveryId: number | null;
  readonly reason: string | null;
  readonly notBefore: number | null;
  /** Held for the stage's update window until then. */
  readonly windowAt?: number | null;
  readonly createdAt: number;
}

/** A deploy still owed to the deploy queue. */
export interface OwedDeploy {
  readonly id: number;
  readonly stageId: number;
  readonly tag: string;
  readonly digest: string;
  readonly source: TagSource;
  readonly reason: string | null;
  readonly notBefore: number | null;
}

/** The newest tag waiting for its stage's update window. */
export interface HeldDeploy {
  readonly tag: string;
  /** When it is due: the window's opening (or later, with a minimum image age). */
  readonly deploysAt: number;
}

interface OwedRow {
  id: number;
  stage_id: number;
  tag: string;
  digest: string;
  source: TagSource;
  reason: string | null;
  not_before: number | null;
}

/** What matching tags did per stage: the semantic dedupe ("the same tag and digest acts once"), owed deploys, updates available. */
export class TagActionRepo {
  private readonly actedStmt;
  private readonly actedTagStmt;
  private readonly insertStmt;
  private readonly queuedStmt;
  private readonly owedStmt;
  private readonly nextDueStmt;
  private readonly supersedeStmt;
  private readonly pruneStmt;
  private readonly holdStmt;
  private readonly reholdStmt;
  private readonly heldStmt;

  constructor(db: Db) {
    this.actedStmt = db.prepare<[number, string, string], { id: number }>(
      'SELECT id FROM tag_actions WHERE stage_id = ? AND tag = ? AND digest = ? LIMIT 1',
    );
    this.actedTagStmt = db.prepare<[number, string], { id: number }>('SELECT id FROM tag_actions WHERE stage_id = ? AND tag = ? LIMIT 1');
    this.insertStmt = db.prepare(
      `INSERT INTO tag_actions(stage_id, tag, digest, action, source, delivery_id, reason, not_before, window_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.queuedStmt = db.prepare<[number | null, number]>('UPDATE tag_actions SET queued = 1, deploy_id = ? WHERE id = ?');
    this.owedStmt = db.prepare<[number], OwedRow>(
      `SELECT id, stage_id, tag, digest, source, reason, not_before FROM tag_actions
       WHERE action = 'deploy' AND queued = 0 AND superseded = 0 AND max(coalesce(not_before, 0), coalesce(window_at, 0)) <= ? ORDER BY id`,
    );
    this.nextDueStmt = db.prepare<[], { at: number | null }>(
      `SELECT min(max(coalesce(not_before, 0), coalesce(window_at, 0))) AS at FROM tag_actions WHERE action = 'deploy' AND queued = 0 AND superseded = 0`,
    );
    this.supersedeStmt = db.prepare<[number, number]>(
      `UPDATE tag_actions SET superseded = 1 WHERE stage_id = ? AND id < ? AND action = 'deploy' AND queued = 0 AND superseded = 0`,
    );
    // Never an owed deploy: those are kept until handed over.
    this.pruneStmt = db.prepare<[number]>(
      `DELETE FROM tag_actions WHERE created_at < ? AND NOT (action = 'deploy' AND queued = 0 AND superseded = 0)`,
    );
    this.holdStmt = db.prepare<[number, number]>('UPDATE tag_actions SET window_at = ? WHERE id = ?');
    this.reholdStmt = db.prepare<[number | null, number]>(
      `UPDATE tag_actions SET window_at = ? WHERE stage_id = ? AND action = 'deploy' AND queued = 0 AND superseded = 0 AND window_at IS NOT NULL`,
    );
    this.heldStmt = db.prepare<[number], { tag: string; at: number }>(
      `SELECT tag, max(coalesce(not_before, 0), window_at) AS at FROM tag_actions
       WHERE stage_id = ? AND action = 'deploy' AND queued = 0 AND superseded = 0 AND window_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
    );
  }

  prune(before: number): void {
    this.pruneStmt.run(before);
  }

  /**
   * Has this (tag, digest) already acted on the stage? Without a digest, only the poller asks (any digest
   * of that tag counts: a tag it has just discovered was already handled if a webhook brought it).
   */
  acted(stageId: number, tag: string, digest: string, anyDigest: boolean): boolean {
    if (digest !== '') return this.actedStmt.get(stageId, tag, digest) !== undefined;
    return anyDigest ? this.actedTagStmt.get(stageId, tag) !== undefined : false;
  }

  insert(a: NewTagAction): number {
    return Number(
      this.insertStmt.run(a.stageId, a.tag, a.digest, a.action, a.source, a.deliveryId, a.reason, a.notBefore, a.windowAt ?? null, a.createdAt).lastInsertRowid,
    );
  }

  markQueued(id: number, deployId: number | null): void {
    this.queuedStmt.run(deployId, id);
  }

  /** Deploys owed now; of several for one stage only the newest is kept (the older are superseded). */
  owed(now: number): OwedDeploy[] {
    const rows = this.owedStmt.all(now);
    const newest = new Map<number, OwedRow>();
    for (const r of rows) newest.set(r.stage_id, r);
    for (const r of newest.values()) this.supersedeStmt.run(r.stage_id, r.id);
    return [...newest.values()].map((r) => ({
      id: r.id,
      stageId: r.stage_id,
      tag: r.tag,
      digest: r.digest,
      source: r.source,
      reason: r.reason,
      notBefore: r.not_before,
    }));
  }

  /** Holds one owed deploy until its stage's update window opens at `at`. */
  hold(id: number, at: number): void {
    this.holdStmt.run(at, id);
  }

  /** The stage's window changed: its held deploys are due at `at` instead (null: as soon as their image age allows). */
  rehold(stageId: number, at: number | null): void {
    this.reholdStmt.run(at, stageId);
  }

  /** The newest deploy of the stage waiting for its update window, if any. */
  held(stageId: number): HeldDeploy | null {
    const row = this.heldStmt.get(stageId);
    return row ? { tag: row.tag, deploysAt: row.at } : null;
  }

  /** When the next owed deploy falls due (0 = now), or null. */
  nextDue(): number | null {
    return this.nextDueStmt.get()?.at ?? null;
  }
}
