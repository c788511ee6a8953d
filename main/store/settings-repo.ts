import { defaultSettings, SettingsSchema, type Settings, type SettingsPatch } from '../../preload/contract';
import type { Db } from './db';

/** Settings as one validated object over a key/value table; unknown or invalid stored keys fall back to defaults. */
export class SettingsRepo {
  private readonly getStmt;
  private readonly setStmt;

  constructor(private readonly db: Db) {
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
    return this.getStmt.get(`internal:${key}`)?.value;
  }

  setInternal(key: string, value: string): void {
    this.setStmt.run(`internal:${key}`, value);
  }
}
