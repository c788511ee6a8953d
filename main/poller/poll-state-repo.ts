import type { Db } from '../store/db';

export interface StagePollRow {
  readonly stageId: number;
  readonly schedule: string | null;
  readonly repository: string | null;
  /** The last tag seq this stage has taken into account; null until its baseline poll. */
  readonly cursor: number | null;
  readonly trackedTag: string | null;
  readonly trackedDigest: string | null;
  readonly baselineAt: number | null;
  readonly lastPollAt: number | null;
  readonly lastError: string | null;
}

export interface KnownTag {
  readonly tag: string;
  readonly seq: number;
  readonly firstSeenAt: number;
}

interface Row {
  stage_id: number;
  schedule: string | null;
  repository: string | null;
  cursor: number | null;
  tracked_tag: string | null;
  tracked_digest: string | null;
  baseline_at: number | null;
  last_poll_at: number | null;
  last_error: string | null;
}

const fromRow = (r: Row): StagePollRow => ({
  stageId: r.stage_id,
  schedule: r.schedule,
  repository: r.repository,
  cursor: r.cursor,
  trackedTag: r.tracked_tag,
  trackedDigest: r.tracked_digest,
  baselineAt: r.baseline_at,
  lastPollAt: r.last_poll_at,
  lastError: r.last_error,
});

export const emptyPollRow = (stageId: number): StagePollRow => ({
  stageId,
  schedule: null,
  repository: null,
  cursor: null,
  trackedTag: null,
  trackedDigest: null,
  baselineAt: null,
  lastPollAt: null,
  lastError: null,
});

/** The poller's memory: tags seen per repository (in discovery order) and each stage's position. Survives restarts. */
export class PollStateRepo {
  private readonly getStmt;
  private readonly allStmt;
  private readonly upsertStmt;
  private readonly scheduleStmt;
  private readonly tagsStmt;
  private readonly insertTagStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[number], Row>('SELECT * FROM poll_stages WHERE stage_id = ?');
    this.allStmt = db.prepare<[], Row>('SELECT * FROM poll_stages');
    this.upsertStmt = db.prepare(
      `INSERT INTO poll_stages(stage_id, schedule, repository, cursor, tracked_tag, tracked_digest, baseline_at, last_poll_at, last_error)
       VALUES (@stageId, @schedule, @repository, @cursor, @trackedTag, @trackedDigest, @baselineAt, @lastPollAt, @lastError)
       ON CONFLICT(stage_id) DO UPDATE SET schedule = excluded.schedule, repository = excluded.repository, cursor = excluded.cursor,
         tracked_tag = excluded.tracked_tag, tracked_digest = excluded.tracked_digest, baseline_at = excluded.baseline_at,
         last_poll_at = excluded.last_poll_at, last_error = excluded.last_error`,
    );
    this.scheduleStmt = db.prepare<[number, string | null]>(
      `INSERT INTO poll_stages(stage_id, schedule) VALUES (?, ?) ON CONFLICT(stage_id) DO UPDATE SET schedule = excluded.schedule`,
    );
    this.tagsStmt = db.prepare<[string], { tag: string; seq: number; first_seen_at: number }>(
      'SELECT tag, seq, first_seen_at FROM poll_tags WHERE repository = ? ORDER BY seq',
    );
    this.insertTagStmt = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO poll_tags(repository, tag, first_seen_at) VALUES (?, ?, ?)');
  }

  stage(stageId: number): StagePollRow {
    const row = this.getStmt.get(stageId);
    return row ? fromRow(row) : emptyPollRow(stageId);
  }

  all(): Map<number, StagePollRow> {
    return new Map(this.allStmt.all().map((r) => [r.stage_id, fromRow(r)]));
  }

  save(row: StagePollRow): void {
    this.upsertStmt.run(row);
  }

  setSchedule(stageId: number, schedule: string | null): void {
    this.scheduleStmt.run(stageId, schedule);
  }

  /** Every tag seen in a repository, oldest discovery first. */
  knownTags(repository: string): KnownTag[] {
    return this.tagsStmt.all(repository).map((r) => ({ tag: r.tag, seq: r.seq, firstSeenAt: r.first_seen_at }));
  }

  /** Records tags seen for the first time (in the given order); answers all known tags afterwards. */
  addTags(repository: string, tags: readonly string[], at: number): KnownTag[] {
    if (tags.length > 0) {
      this.db.transaction(() => {
        for (const t of tags) this.insertTagStmt.run(repository, t, at);
      })();
    }
    return this.knownTags(repository);
  }
}
