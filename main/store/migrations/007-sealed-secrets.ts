import type { Migration } from '../migrate';
import { sealedKind } from '../../secrets/secret-box';

/** Internal settings that hold secrets (kept in step with SEALED_INTERNAL_KEYS in settings-repo.ts). */
const SECRET_SETTINGS = ['internal:webhookSecret', 'internal:vendorSecrets'];

/**
 * Seals the secrets earlier versions stored as written: the inbound webhook secret, the vendor signing
 * secrets and the outbound hooks' `whsec_` secrets, with the box that seals registry passwords. Values
 * already sealed are left alone. An in-memory store (no box) has nothing on disk to protect.
 */
export const sealedSecrets: Migration = {
  name: 'sealed-secrets',
  up: (db, { box }) => {
    if (box === null) return;
    const plain = (v: string): boolean => sealedKind(v) === null;
    const setSetting = db.prepare<[string, string]>('UPDATE settings SET value = ? WHERE key = ?');
    for (const key of SECRET_SETTINGS) {
      const row = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key);
      if (row && plain(row.value)) setSetting.run(box.encrypt(row.value), key);
    }
    const setHook = db.prepare<[string, number]>('UPDATE hooks SET secret = ? WHERE id = ?');
    for (const hook of db.prepare<[], { id: number; secret: string }>('SELECT id, secret FROM hooks').all()) {
      if (plain(hook.secret)) setHook.run(box.encrypt(hook.secret), hook.id);
    }
  },
};
