/**
 * Seals short secrets (registry passwords) for storage. A sealed value is text that names the box that
 * sealed it (`<kind>.v1:<base64>`), so a value sealed elsewhere is recognised instead of decrypted as garbage.
 */
export interface SecretBox {
  encrypt(plain: string): string;
  /** Throws SecretBoxError when the value was changed, or sealed by another box or key. */
  decrypt(sealed: string): string;
  /** `key-file` (headless) or `safe-storage` (desktop, the OS keychain). */
  readonly kind: string;
}

/** A secret cannot be sealed or opened; the message says what to do. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

const describeKind = (kind: string): string =>
  kind === 'safe-storage' ? "the desktop app (the system's keychain)" : kind === 'key-file' ? 'the key file in the data directory' : `"${kind}"`;

/** `kind.v1:` — the prefix every value sealed by a box of this kind starts with. */
export const sealedPrefix = (kind: string): string => `${kind}.v1:`;

/** Which box sealed a value, or null for text that is not a sealed value. */
export function sealedKind(sealed: string): string | null {
  const m = /^([a-z][a-z0-9-]*)\.v1:/.exec(sealed);
  return m?.[1] ?? null;
}

/** The payload of a value sealed by `kind`; throws a SecretBoxError naming who sealed it otherwise. */
export function sealedPayload(kind: string, sealed: string): string {
  const prefix = sealedPrefix(kind);
  if (sealed.startsWith(prefix)) return sealed.slice(prefix.length);
  const other = sealedKind(sealed);
  throw new SecretBoxError(
    other === null
      ? 'a stored secret is not in a form Slipway recognises; enter it again'
      : `a stored secret was sealed by ${describeKind(other)} and cannot be opened with ${describeKind(kind)}; enter it again`,
  );
}

/**
 * Seals with `primary`; opens with whichever box sealed the value. Lets the desktop app still read
 * values sealed by the key file (written by `slipway serve` on the same data directory).
 */
export function layeredBox(primary: SecretBox, readers: readonly SecretBox[]): SecretBox {
  const byKind = new Map<string, SecretBox>([...readers.map((r) => [r.kind, r] as const), [primary.kind, primary]]);
  return {
    kind: primary.kind,
    encrypt: (plain) => primary.encrypt(plain),
    decrypt: (sealed) => (byKind.get(sealedKind(sealed) ?? '') ?? primary).decrypt(sealed),
  };
}
