import type { z } from 'zod';
import { GitProviderSchema } from '../../../preload/contract';
import type { Db } from '../../store/db';

export interface StaticSource {
  readonly projectId: number;
  readonly url: string;
  readonly urlKey: string;
  readonly branch: string;
  readonly folder: string;
  readonly provider: z.infer<typeof GitProviderSchema>;
  /** Sealed; null when none is stored. */
  readonly sealedToken: string | null;
  readonly markdown: boolean;
  readonly storageLimitMb: number | null;
}

export interface SnapshotRecord {
  readonly id: number;
  readonly projectId: number;
  readonly stageId: number;
  readonly deployId: number | null;
  readonly commitSha: string;
  readonly ref: string;
  readonly message: string;
  readonly author: string;
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  readonly status: 'live' | 'kept' | 'removed';
  readonly liveAt: number;
}

interface SourceRow {
  project_id: number;
  url: string;
  url_key: string;
  branch: string;
  folder: string;
  provider: string;
  token: string | null;
  markdown: number;
  storage_limit_mb: number | null;
}

interface SnapshotRow {
  id: number;
  project_id: number;
  stage_id: number;
  deploy_id: number | null;
  commit_sha: string;
  ref: string;
  message: string;
  author: string;
  dir: string;
  files: number;
  bytes: number;
  status: 'live' | 'kept' | 'removed';
  live_at: number;
}

const source = (r: SourceRow): StaticSource => ({
  projectId: r.project_id,
  url: r.url,
  urlKey: r.url_key,
  branch: r.branch,
  folder: r.folder,
  provider: GitProviderSchema.parse(r.provider),
  sealedToken: r.token,
  markdown: r.markdown === 1,
  storageLimitMb: r.storage_limit_mb,
});

const snapshot = (r: SnapshotRow): SnapshotRecord => ({
  id: r.id,
  projectId: r.project_id,
  stageId: r.stage_id,
  deployId: r.deploy_id,
  commitSha: r.commit_sha,
  ref: r.ref,
  message: r.message,
  author: r.author,
  dir: r.dir,
  files: r.files,
  bytes: r.bytes,
  status: r.status,
  liveAt: r.live_at,
});

/** Static projects' git sources and the snapshots their stages served. */
export class StaticSiteRepo {
  constructor(private readonly db: Db) {}

  insertSource(s: StaticSource): void {
    this.db
      .prepare('INSERT INTO static_sources(project_id, url, url_key, branch, folder, provider, token, markdown, storage_limit_mb) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(s.projectId, s.url, s.urlKey, s.branch, s.folder, s.provider, s.sealedToken, s.markdown ? 1 : 0, s.storageLimitMb);
  }

  source(projectId: number): StaticSource | null {
    const r = this.db.prepare<[number], SourceRow>('SELECT * FROM static_sources WHERE project_id = ?').get(projectId);
    return r ? source(r) : null;
  }

  sources(): StaticSource[] {
    return this.db.prepare<[], SourceRow>('SELECT * FROM static_sources ORDER BY project_id').all().map(source);
  }

  /** Snapshots of a stage, newest first. */
  snapshots(stageId: number): SnapshotRecord[] {
    return this.db.prepare<[number], SnapshotRow>('SELECT * FROM static_snapshots WHERE stage_id = ? ORDER BY id DESC').all(stageId).map(snapshot);
  }

  allPresent(): SnapshotRecord[] {
    return this.db.prepare<[], SnapshotRow>("SELECT * FROM static_snapshots WHERE status != 'removed'").all().map(snapshot);
  }

  live(stageId: number): SnapshotRecord | null {
    const r = this.db.prepare<[number], SnapshotRow>("SELECT * FROM static_snapshots WHERE stage_id = ? AND status = 'live' ORDER BY id DESC LIMIT 1").get(stageId);
    return r ? snapshot(r) : null;
  }

  /** Records the stage's new live snapshot; the one before is kept (for rollback). */
  setLive(s: Omit<SnapshotRecord, 'id' | 'status'>): SnapshotRecord {
    return this.db.transaction(() => {
      this.db.prepare("UPDATE static_snapshots SET status = 'kept' WHERE stage_id = ? AND status = 'live'").run(s.stageId);
      const info = this.db
        .prepare(
          `INSERT INTO static_snapshots(project_id, stage_id, deploy_id, commit_sha, ref, message, author, dir, files, bytes, status, live_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'live', ?)`,
        )
        .run(s.projectId, s.stageId, s.deployId, s.commitSha, s.ref, s.message, s.author, s.dir, s.files, s.bytes, s.liveAt);
      return snapshot(this.db.prepare<[number], SnapshotRow>('SELECT * FROM static_snapshots WHERE id = ?').get(Number(info.lastInsertRowid))!);
    })();
  }

  forget(ids: readonly number[]): void {
    const stmt = this.db.prepare("UPDATE static_snapshots SET status = 'removed' WHERE id = ?");
    for (const id of ids) stmt.run(id);
  }
}
