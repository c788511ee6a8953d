import path from 'node:path';
import { KeyFileBox } from './key-file-box';
import { layeredBox, sealedKind, type SecretBox } from './secret-box';

/**
 * The one box that seals secrets kept in a data directory's store (registry passwords, the webhook
 * secret, vendor signing secrets, outbound hook secrets): the desktop's keychain box when given, which
 * still opens what the key file sealed; else the key file `DATA_DIR/secret.key` (0600).
 */
export function storeSecretBox(dataDir: string, primary?: SecretBox): SecretBox {
  const keyFile = new KeyFileBox(path.join(dataDir, 'secret.key'));
  return primary ? layeredBox(primary, [keyFile]) : keyFile;
}

/** The default box for a store file (`db.name`); null for an in-memory store, which has nothing on disk to protect. */
export function boxForStoreFile(file: string): SecretBox | null {
  return file === ':memory:' || file === '' ? null : storeSecretBox(path.dirname(file));
}

/** Opens a stored secret; a value that was never sealed (written before sealing existed) is read as it is. */
export function openStored(box: SecretBox | null, stored: string): string {
  return box === null || sealedKind(stored) === null ? stored : box.decrypt(stored);
}

/** Seals a secret for storage (as is for an in-memory store). */
export function sealForStore(box: SecretBox | null, plain: string): string {
  return box === null ? plain : box.encrypt(plain);
}
