import { RecordTable } from './record-table';

/**
 * creating: row written before the container is created (its name is fixed, so a crash leaves
 * nothing unaccounted for) · ready: container exists, not serving · live: the stable URL points
 * here (at most one per stage, enforced by a unique index) · draining: switched away, finishing
 * in-flight requests, in the background; while `warmUntil` lies ahead it keeps running so that a
 * rollback is only a switch · stopped: kept for a quick rollback · removed: container gone.
 */
export type InstanceStatus = 'creating' | 'ready' | 'live' | 'draining' | 'stopped' | 'removed';

export interface InstanceRecord {
  readonly id: number;
  readonly stageId: number;
  readonly deployId: number | null;
  readonly containerId: string | null;
  readonly containerName: string;
  readonly tag: string;
  readonly digest: string;
  /** What the container was created from: `repo@sha256:…` or an image id. */
  readonly imageRef: string;
  readonly hostPort: number;
  readonly status: InstanceStatus;
  readonly createdAt: number;
  readonly liveAt: number | null;
  readonly stoppedAt: number | null;
  /** While draining: the instance stays running for an instant rollback until then. */
  readonly warmUntil: number | null;
  /** When the stable URL was switched away from it. */
  readonly retiredAt: number | null;
  /** How long stopping its container took. */
  readonly stopMs: number | null;
}

/** One more container of an instance: another tracked service of a compose stack, in the same generation. */
export interface InstanceMember {
  readonly instanceId: number;
  readonly service: string;
  /** Fixed before the container is created, so a crash leaves nothing unaccounted for. */
  readonly containerName: string;
  readonly containerId: string | null;
}

export type NewInstance = Pick<InstanceRecord, 'stageId' | 'deployId' | 'containerName' | 'tag' | 'digest' | 'imageRef' | 'hostPort'>;

interface Row {
  id: number;
  stage_id: number;
  deploy_id: number | null;
  container_id: string | null;
  container_name: string;
  tag: string;
  digest: string;
  image_ref: string;
  host_port: number;
  status: InstanceStatus;
  created_at: number;
  live_at: number | null;
  stopped_at: number | null;
  warm_until: number | null;
  retired_at: number | null;
  stop_ms: number | null;
}

const fromRow = (r: Row): InstanceRecord => ({
  id: r.id,
  stageId: r.stage_id,
  deployId: r.deploy_id,
  containerId: r.container_id,
  containerName: r.container_name,
  tag: r.tag,
  digest: r.digest,
  imageRef: r.image_ref,
  hostPort: r.host_port,
  status: r.status,
  createdAt: r.created_at,
  liveAt: r.live_at,
  stoppedAt: r.stopped_at,
  warmUntil: r.warm_until,
  retiredAt: r.retired_at,
  stopMs: r.stop_ms,
});

export class InstanceRepo extends RecordTable<Row, InstanceRecord> {
  protected readonly table = 'instances';
  protected readonly noun = 'instance';
  protected readonly fromRow = fromRow;

  insert(i: NewInstance): InstanceRecord {
    const info = this.db
      .prepare(
        `INSERT INTO instances(stage_id, deploy_id, container_name, tag, digest, image_ref, host_port, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'creating', ?)`,
      )
      .run(i.stageId, i.deployId, i.containerName, i.tag, i.digest, i.imageRef, i.hostPort, this.now());
    return this.require(Number(info.lastInsertRowid));
  }

  live(stageId: number): InstanceRecord | null {
    return this.first("SELECT * FROM instances WHERE stage_id = ? AND status = 'live'", stageId);
  }

  /** Instances whose container should exist (everything not removed), newest first. */
  present(stageId: number): InstanceRecord[] {
    return this.every("SELECT * FROM instances WHERE stage_id = ? AND status != 'removed' ORDER BY id DESC", stageId);
  }

  allPresent(): InstanceRecord[] {
    return this.every("SELECT * FROM instances WHERE status != 'removed' ORDER BY id");
  }

  /** A kept (stopped) instance of this digest, newest first: the instant-rollback path. */
  warm(stageId: number, digest: string): InstanceRecord | null {
    const row = this.db
      .prepare<[number, string], Row>(
        "SELECT * FROM instances WHERE stage_id = ? AND digest = ? AND status = 'stopped' AND container_id IS NOT NULL ORDER BY id DESC",
      )
      .get(stageId, digest);
    return row ? fromRow(row) : null;
  }

  /** A draining instance of this digest that is still warm (running, rollback is a switch), newest first. */
  warmRunning(stageId: number, digest: string): InstanceRecord | null {
    const row = this.db
      .prepare<[number, string, number], Row>(
        "SELECT * FROM instances WHERE stage_id = ? AND digest = ? AND status = 'draining' AND warm_until > ? AND container_id IS NOT NULL ORDER BY warm_until DESC",
      )
      .get(stageId, digest, this.now());
    return row ? fromRow(row) : null;
  }

  /** Every draining instance, of one stage or of all. */
  draining(stageId?: number): InstanceRecord[] {
    const rows =
      stageId === undefined
        ? this.db.prepare<[], Row>("SELECT * FROM instances WHERE status = 'draining' ORDER BY id").all()
        : this.db.prepare<[number], Row>("SELECT * FROM instances WHERE stage_id = ? AND status = 'draining' ORDER BY id").all(stageId);
    return rows.map(fromRow);
  }

  /** The instance the stage most recently switched away from. */
  lastRetired(stageId: number): InstanceRecord | null {
    return this.first('SELECT * FROM instances WHERE stage_id = ? AND retired_at IS NOT NULL ORDER BY retired_at DESC, id DESC LIMIT 1', stageId);
  }

  /** Switched away from: draining, and warm until `warmUntil` (null: stop it now). */
  retire(id: number, warmUntil: number | null): void {
    this.db.prepare("UPDATE instances SET status = 'draining', warm_until = ?, retired_at = ?, stop_ms = NULL WHERE id = ?").run(warmUntil, this.now(), id);
  }

  /** Ends the warm window: the instance is stopped next. */
  coolDown(id: number): void {
    this.db.prepare('UPDATE instances SET warm_until = NULL WHERE id = ?').run(id);
  }

  /** Stopped (kept for a rollback), recording how long the stop took. */
  setStopped(id: number, stopMs: number | null): void {
    this.db.prepare("UPDATE instances SET status = 'stopped', warm_until = NULL, stop_ms = ?, stopped_at = ? WHERE id = ?").run(stopMs, this.now(), id);
  }

  setContainer(id: number, containerId: string): void {
    this.db.prepare("UPDATE instances SET container_id = ?, status = 'ready' WHERE id = ?").run(containerId, id);
  }

  setStatus(id: number, status: InstanceStatus): void {
    const ts = this.now();
    this.db
      .prepare(
        `UPDATE instances SET status = ?,
           warm_until = CASE WHEN ? = 'draining' THEN warm_until ELSE NULL END,
           live_at = CASE WHEN ? = 'live' THEN ? ELSE live_at END,
           stopped_at = CASE WHEN ? IN ('stopped','removed') THEN ? ELSE stopped_at END
         WHERE id = ?`,
      )
      .run(status, status, status, ts, status, ts, id);
  }

  rename(id: number, containerName: string): void {
    this.db.prepare('UPDATE instances SET container_name = ? WHERE id = ?').run(containerName, id);
  }

  // ── the instance's other containers (a compose generation's other tracked services) ──

  /** The instance's other containers, by service name. */
  members(instanceId: number): InstanceMember[] {
    return this.db
      .prepare<[number], { service: string; container_name: string; container_id: string | null }>('SELECT service, container_name, container_id FROM instance_containers WHERE instance_id = ? ORDER BY service')
      .all(instanceId)
      .map((r) => ({ instanceId, service: r.service, containerName: r.container_name, containerId: r.container_id }));
  }

  /** Records a member's fixed name before its container is made (again, after a crash: the id is cleared). */
  addMember(instanceId: number, service: string, containerName: string): void {
    this.db.prepare('INSERT OR REPLACE INTO instance_containers(instance_id, service, container_name, container_id) VALUES (?, ?, ?, NULL)').run(instanceId, service, containerName);
  }

  setMemberContainer(instanceId: number, service: string, containerId: string): void {
    this.db.prepare('UPDATE instance_containers SET container_id = ? WHERE instance_id = ? AND service = ?').run(containerId, instanceId, service);
  }

  /** Every member container of instances not removed (ids and names), for the reconciler's "known" set. */
  presentMemberRefs(): string[] {
    return this.db
      .prepare<[], { container_name: string; container_id: string | null }>("SELECT m.container_name, m.container_id FROM instance_containers m JOIN instances i ON i.id = m.instance_id WHERE i.status != 'removed'")
      .all()
      .flatMap((r) => (r.container_id ? [r.container_id, r.container_name] : [r.container_name]));
  }
}
