import type { Db } from './db';

export interface PulledImage {
  readonly imageId: string;
  readonly repository: string;
  readonly digest: string;
  readonly size: number;
  readonly pulledAt: number;
  readonly removedAt: number | null;
}

interface Row {
  image_id: string;
  repository: string;
  digest: string;
  size: number;
  pulled_at: number;
  removed_at: number | null;
}

const fromRow = (r: Row): PulledImage => ({ imageId: r.image_id, repository: r.repository, digest: r.digest, size: r.size, pulledAt: r.pulled_at, removedAt: r.removed_at });

/** Images Slipway pulled onto the engine: image clean-up removes only these, never anything else. */
export class PulledImageRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Slipway pulled it (again): it is on the engine and Slipway's to clean up. */
  record(i: Pick<PulledImage, 'imageId' | 'repository' | 'digest' | 'size'>): void {
    this.db
      .prepare(
        `INSERT INTO pulled_images(image_id, repository, digest, size, pulled_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(image_id) DO UPDATE SET repository = excluded.repository, digest = excluded.digest, size = excluded.size, pulled_at = excluded.pulled_at, removed_at = NULL, reclaimed = NULL`,
      )
      .run(i.imageId, i.repository, i.digest, i.size, this.now());
  }

  /** Pulled and not removed since. */
  present(): PulledImage[] {
    return this.db.prepare<[], Row>('SELECT * FROM pulled_images WHERE removed_at IS NULL ORDER BY pulled_at').all().map(fromRow);
  }

  /** Slipway's references are gone; `reclaimed` bytes were freed (0 where other references keep the image). */
  markRemoved(imageId: string, reclaimed: number): void {
    this.db.prepare('UPDATE pulled_images SET removed_at = ?, reclaimed = ? WHERE image_id = ?').run(this.now(), reclaimed, imageId);
  }

  /** Bytes reclaimed by clean-up so far, and how many images. */
  reclaimed(): { bytes: number; images: number } {
    const r = this.db.prepare<[], { bytes: number | null; images: number }>('SELECT SUM(reclaimed) AS bytes, COUNT(*) AS images FROM pulled_images WHERE removed_at IS NOT NULL').get();
    return { bytes: r?.bytes ?? 0, images: r?.images ?? 0 };
  }
}
