import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretBoxError } from './secret-box';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** AES-256-GCM with a fresh random nonce per value: base64(iv ‖ tag ‖ ciphertext). */
export function aesGcmSeal(key: Buffer, plain: string): string {
  if (key.length !== KEY_BYTES) throw new RangeError(`AES-256 needs a ${String(KEY_BYTES)}-byte key`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens what aesGcmSeal made; any change to the value (or another key) fails the authentication tag. */
export function aesGcmOpen(key: Buffer, payload: string): string {
  if (key.length !== KEY_BYTES) throw new RangeError(`AES-256 needs a ${String(KEY_BYTES)}-byte key`);
  const raw = /^[A-Za-z0-9+/]*={0,2}$/.test(payload) ? Buffer.from(payload, 'base64') : null;
  if (raw === null || raw.length < IV_BYTES + TAG_BYTES) {
    throw new SecretBoxError('a stored secret is damaged (it is too short or not base64); enter it again');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError(
      'a stored secret does not match the key file (it was changed, or the key file was replaced); enter it again',
    );
  }
}
