import { defaultSettings, SettingsSchema, type Settings, type SettingsPatch } from '../../preload/contract';
import type { SecretBox } from '../secrets/secret-box';
import { boxForStoreFile, openStored, sealForStore } from '../secrets/store-box';
import type { Db } from './db';

/** Internal values that are secrets: sealed at rest (see main/secrets/), never stored as written. */
export const SEALED_INTERNAL_KEYS: ReadonlySet<string> = new Set(['webhookSecret', 'vendorSecrets']);

/** Settings as one validated object over a key/value table; unknown or invalid stored keys fall back to defaults. */
export class SettingsRepo {
  private readonly getStmt;
  private readonly setStmt;
  private readonly box: SecretBox | null;

  /** `box` seals the secret internal values; default: the key file next to the store. */
  constructor(
    private readonly db: Db,
    box?: SecretBox,
  ) {
    this.box = box ?? boxForStoreFile(db.name);
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  read(): Settings {
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const key of Object.keys(defaultSettings)) {
      const row = this.getStmt.get(key);
      if (row) merged[key] = JSON.parse(row.value) as unknown;
    }
    const parsed = SettingsSchema.safeParse(merged);
    return parsed.success ? parsed.data : defaultSettings;
  }

  update(patch: SettingsPatch): Settings {
    const current = this.read();
    const next = SettingsSchema.parse({
      ...current,
      ...patch,
      notifications: { ...current.notifications, ...(patch.notifications ?? {}) },
    });
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(next)) this.setStmt.run(key, JSON.stringify(value));
    })();
    return next;
  }

  /** Values that are not user settings (secrets, ids); never returned by settings.get. */
  getInternal(key: string): string | undefined {
    const stored = this.getStmt.get(`internal:${key}`)?.value;
    return stored !== undefined && SEALED_INTERNAL_KEYS.has(key) ? openStored(this.box, stored) : stored;
  }

  setInternal(key: string, value: string): void {
    this.setStmt.run(`internal:${key}`, SEALED_INTERNAL_KEYS.has(key) ? sealForStore(this.box, value) : value);
  }
}
