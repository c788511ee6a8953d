import { safeStorage } from 'electron';
import { type SecretBox, SecretBoxError, sealedPayload, sealedPrefix } from '../secrets/secret-box';

const KIND = 'safe-storage';

/**
 * The desktop SecretBox: Electron's safeStorage (Keychain, DPAPI, libsecret/KWallet). Undefined where it
 * cannot protect anything — no keychain, or Linux's `basic_text` fallback, whose key is a constant — and
 * the app then uses its key file. Call after the app is ready.
 */
export function safeStorageBox(): SecretBox | undefined {
  // The synchronous API is the one SecretBox needs; the async one only defers the same keychain lookup.
  /* eslint-disable @typescript-eslint/no-deprecated */
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    kind: KIND,
    encrypt: (plain) => sealedPrefix(KIND) + safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => {
      const payload = Buffer.from(sealedPayload(KIND, sealed), 'base64');
      try {
        return safeStorage.decryptString(payload);
      } catch (e) {
        throw new SecretBoxError(
          `a stored secret cannot be opened with the system keychain (${e instanceof Error ? e.message : String(e)}); enter it again`,
        );
      }
    },
  };
  /* eslint-enable @typescript-eslint/no-deprecated */
}
