import type { RegistryTestVerdict } from '../../preload/contract/registries';
import type { Db } from '../store/db';

export interface RegistryRow {
  readonly host: string;
  readonly username: string;
  /** Sealed by a SecretBox; never the password. */
  readonly secret: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastTest: { readonly verdict: RegistryTestVerdict; readonly message: string; readonly at: number } | null;
}

interface Row {
  host: string;
  username: string;
  secret: string;
  created_at: number;
  updated_at: number;
  test_verdict: string | null;
  test_message: string | null;
  tested_at: number | null;
}

const VERDICTS = new Set<string>(['ok', 'unauthorized', 'unreachable', 'error']);

const fromRow = (r: Row): RegistryRow => ({
  host: r.host,
  username: r.username,
  secret: r.secret,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastTest:
    r.test_verdict !== null && VERDICTS.has(r.test_verdict) && r.tested_at !== null
      ? { verdict: r.test_verdict as RegistryTestVerdict, message: r.test_message ?? '', at: r.tested_at }
      : null,
});

/** Saved registry credentials, one row per host. */
export class RegistryRepo {
  private readonly listStmt;
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly resealStmt;
  private readonly removeStmt;
  private readonly testStmt;

  constructor(db: Db) {
    this.listStmt = db.prepare<[], Row>('SELECT * FROM registries ORDER BY host');
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM registries WHERE host = ?');
    // A replaced password voids the last test: it was of the old one.
    this.upsertStmt = db.prepare<[string, string, string, number, number]>(
      `INSERT INTO registries(host, username, secret, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(host) DO UPDATE SET username = excluded.username, secret = excluded.secret, updated_at = excluded.updated_at,
         test_verdict = NULL, test_message = NULL, tested_at = NULL`,
    );
    this.resealStmt = db.prepare<[string, string, string]>('UPDATE registries SET secret = ? WHERE host = ? AND secret = ?');
    this.removeStmt = db.prepare<[string]>('DELETE FROM registries WHERE host = ?');
    this.testStmt = db.prepare<[string, string, number, string, string]>(
      'UPDATE registries SET test_verdict = ?, test_message = ?, tested_at = ? WHERE host = ? AND secret = ?',
    );
  }

  list(): RegistryRow[] {
    return this.listStmt.all().map(fromRow);
  }

  get(host: string): RegistryRow | null {
    const r = this.getStmt.get(host);
    return r ? fromRow(r) : null;
  }

  upsert(host: string, username: string, secret: string, now: number): RegistryRow {
    this.upsertStmt.run(host, username, secret, now, now);
    const saved = this.get(host);
    if (!saved) throw new Error(`registry ${host} vanished right after it was saved`);
    return saved;
  }

  /** Replaces the sealed value of an unchanged row (sealed again by another box); false if it changed meanwhile. */
  reseal(host: string, previous: string, next: string): boolean {
    return this.resealStmt.run(next, host, previous).changes > 0;
  }

  remove(host: string): boolean {
    return this.removeStmt.run(host).changes > 0;
  }

  /** Records a test of the credentials sealed as `secret` (a result for credentials replaced meanwhile is dropped). */
  recordTest(host: string, secret: string, verdict: RegistryTestVerdict, message: string, at: number): void {
    this.testStmt.run(verdict, message, at, host, secret);
  }
}
