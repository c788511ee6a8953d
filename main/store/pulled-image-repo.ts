import type { Db } from './db';

export interface PulledImage {
  /** The engine it was pulled onto ("local": this machine's). */
  readonly engine: string;
  readonly imageId: string;
  readonly repository: string;
  readonly digest: string;
  readonly size: number;
  readonly pulledAt: number;
  readonly removedAt: number | null;
}

interface Row {
  engine: string;
  image_id: string;
  repository: string;
  digest: string;
  size: number;
  pulled_at: number;
  removed_at: number | null;
}

const fromRow = (r: Row): PulledImage => ({ engine: r.engine, imageId: r.image_id, repository: r.repository, digest: r.digest, size: r.size, pulledAt: r.pulled_at, removedAt: r.removed_at });

/** Images Slipway pulled onto each engine: image clean-up removes only these, never anything else. */
export class PulledImageRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Slipway pulled it (again): it is on the engine and Slipway's to clean up. */
  record(i: Pick<PulledImage, 'engine' | 'imageId' | 'repository' | 'digest' | 'size'>): void {
    this.db
      .prepare(
        `INSERT INTO pulled_images(engine, image_id, repository, digest, size, pulled_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(engine, image_id) DO UPDATE SET repository = excluded.repository, digest = excluded.digest, size = excluded.size, pulled_at = excluded.pulled_at, removed_at = NULL, reclaimed = NULL`,
      )
      .run(i.engine, i.imageId, i.repository, i.digest, i.size, this.now());
  }

  /** Pulled and not removed since (on one engine, or on all). */
  present(engine?: string): PulledImage[] {
    const rows = this.db.prepare<[], Row>('SELECT * FROM pulled_images WHERE removed_at IS NULL ORDER BY pulled_at').all().map(fromRow);
    return engine === undefined ? rows : rows.filter((r) => r.engine === engine);
  }

  /** Slipway's references are gone; `reclaimed` bytes were freed (0 where other references keep the image). */
  markRemoved(engine: string, imageId: string, reclaimed: number): void {
    this.db.prepare('UPDATE pulled_images SET removed_at = ?, reclaimed = ? WHERE engine = ? AND image_id = ?').run(this.now(), reclaimed, engine, imageId);
  }

  /** Bytes reclaimed by clean-up so far, and how many images. */
  reclaimed(): { bytes: number; images: number } {
    const r = this.db.prepare<[], { bytes: number | null; images: number }>('SELECT SUM(reclaimed) AS bytes, COUNT(*) AS images FROM pulled_images WHERE removed_at IS NOT NULL').get();
    return { bytes: r?.bytes ?? 0, images: r?.images ?? 0 };
  }
}
