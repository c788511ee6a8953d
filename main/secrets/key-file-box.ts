import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { aesGcmOpen, aesGcmSeal, KEY_BYTES } from './aes-gcm';
import { type SecretBox, SecretBoxError, sealedPayload, sealedPrefix } from './secret-box';

/** The few file operations the key file needs; tests pass an in-memory one. */
export interface KeyFileFs {
  /** Permission bits and owner; null when there is no such file. */
  stat(file: string): { readonly mode: number; readonly uid: number; readonly isFile: boolean } | null;
  read(file: string): string;
  /** Creates the file with exactly `mode`, only if it does not exist yet; false when it already did. */
  createExclusive(file: string, content: string, mode: number): boolean;
}

export interface KeyFileBoxOptions {
  readonly fs?: KeyFileFs;
  /** Check that only the owner can read the file (POSIX); off on Windows, where modes mean nothing. */
  readonly checkMode?: boolean;
  /** The user Slipway runs as; the key file must belong to it. null skips the check. */
  readonly uid?: number | null;
}

const KEY_FILE_MODE = 0o600;
const KeyFileSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'expected one line holding a base64-encoded 32-byte key');

/**
 * The headless SecretBox: AES-256-GCM with a random 32-byte key kept in a file only its owner may read
 * (`DATA_DIR/secret.key`, mode 0600). The key is made on first use and read once per process; a file others
 * can read is refused, with the command that fixes it.
 */
export class KeyFileBox implements SecretBox {
  readonly kind = 'key-file';
  readonly file: string;
  readonly #fs: KeyFileFs;
  readonly #checkMode: boolean;
  readonly #uid: number | null;
  #key: Buffer | null = null;

  constructor(file: string, opts: KeyFileBoxOptions = {}) {
    this.file = file;
    this.#fs = opts.fs ?? nodeKeyFileFs;
    this.#checkMode = opts.checkMode ?? process.platform !== 'win32';
    this.#uid = opts.uid !== undefined ? opts.uid : (process.getuid?.() ?? null);
  }

  encrypt(plain: string): string {
    return sealedPrefix(this.kind) + aesGcmSeal(this.#load(true), plain);
  }

  decrypt(sealed: string): string {
    const payload = sealedPayload(this.kind, sealed);
    return aesGcmOpen(this.#load(false), payload);
  }

  /** The key, creating the file when allowed and absent. A failure is not remembered: the user may fix the file. */
  #load(create: boolean): Buffer {
    if (this.#key) return this.#key;
    let st = this.#fs.stat(this.file);
    if (st === null) {
      if (!create) {
        throw new SecretBoxError(
          `the key file ${this.file} is missing, so saved secrets cannot be opened; restore it from a backup, or enter the passwords again`,
        );
      }
      const fresh = `${randomBytes(KEY_BYTES).toString('base64')}\n`;
      // Another process may create it at the same moment: then its key is the one to use.
      this.#fs.createExclusive(this.file, fresh, KEY_FILE_MODE);
      st = this.#fs.stat(this.file);
      if (st === null) throw new SecretBoxError(`the key file ${this.file} could not be created; check that the data directory is writable`);
    }
    if (!st.isFile) throw new SecretBoxError(`${this.file} is not a regular file; move it away so Slipway can create its key file`);
    const problem = this.#permissionProblem(st);
    if (problem !== null) throw new SecretBoxError(problem);
    const parsed = KeyFileSchema.safeParse(this.#fs.read(this.file));
    if (!parsed.success) {
      throw new SecretBoxError(
        `the key file ${this.file} is damaged (${parsed.error.issues[0]?.message ?? 'unreadable'}); restore it from a backup, or delete it and enter the registry passwords again`,
      );
    }
    this.#key = Buffer.from(parsed.data, 'base64');
    return this.#key;
  }

  #permissionProblem(st: { readonly mode: number; readonly uid: number }): string | null {
    if (!this.#checkMode) return null;
    if (this.#uid !== null && st.uid !== this.#uid) {
      return `Slipway refuses to use the key file ${this.file}: it belongs to user id ${String(st.uid)}, not to the user running Slipway (${String(this.#uid)}). Run \`chown ${String(this.#uid)} ${this.file} && chmod 600 ${this.file}\` and try again.`;
    }
    const mode = st.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      return `Slipway refuses to use the key file ${this.file}: other users can access it (mode ${mode.toString(8).padStart(4, '0')}). Run \`chmod 600 ${this.file}\` and try again.`;
    }
    return null;
  }
}

/** The real file system. The key is written to a private temporary file, then linked into place (atomic, never replaces). */
export const nodeKeyFileFs: KeyFileFs = {
  stat(file) {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    return st ? { mode: st.mode & 0o7777, uid: st.uid, isFile: st.isFile() } : null;
  },
  read: (file) => fs.readFileSync(file, 'utf8'),
  createExclusive(file, content, mode) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${String(process.pid)}-${randomBytes(4).toString('hex')}.tmp`;
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      fs.fchmodSync(fd, mode); // the umask may have taken bits away; set exactly what is meant
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  },
};
