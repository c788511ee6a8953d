import fs from 'node:fs';
import path from 'node:path';

/** What the store writes next to slipway.db; each must be as private as the store itself. */
const STORE_FILES = ['slipway.db', 'slipway.db-wal', 'slipway.db-shm'];

export interface PrivateDirResult {
  /** The data directory's mode before Slipway tightened it to 0700, or null when it was private already. */
  readonly tightenedFrom: number | null;
  /** Store files that were readable by others and are now 0600. */
  readonly tightenedFiles: readonly string[];
}

/**
 * Makes everything Slipway writes private to its user: umask 0077 for the whole process (so SQLite's
 * -wal/-shm, runtime.json, exports and the proxy's state are born 0600/0700), the data directory 0700
 * and an existing store 0600. Runs before the store is opened. No-op on Windows (ACLs, not modes).
 */
export function makeDataDirPrivate(dataDir: string): PrivateDirResult {
  if (process.platform === 'win32') {
    fs.mkdirSync(dataDir, { recursive: true });
    return { tightenedFrom: null, tightenedFiles: [] };
  }
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dataDir).mode & 0o777;
  let tightenedFrom: number | null = null;
  if ((mode & 0o077) !== 0) {
    fs.chmodSync(dataDir, mode & 0o700);
    tightenedFrom = mode;
  }
  const tightenedFiles: string[] = [];
  for (const name of STORE_FILES) {
    const file = path.join(dataDir, name);
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (st?.isFile() && (st.mode & 0o077) !== 0) {
      fs.chmodSync(file, 0o600);
      tightenedFiles.push(name);
    }
  }
  return { tightenedFrom, tightenedFiles };
}

/** The sentence the user is told (stderr, the event log) when something had to be tightened. */
export function privateDirNotice(dataDir: string, r: PrivateDirResult): string | null {
  if (r.tightenedFrom === null && r.tightenedFiles.length === 0) return null;
  const parts: string[] = [];
  if (r.tightenedFrom !== null) parts.push(`the data directory ${dataDir} was readable by other users (mode ${r.tightenedFrom.toString(8)}); it is now 0700`);
  if (r.tightenedFiles.length > 0) parts.push(`${r.tightenedFiles.join(', ')} ${r.tightenedFiles.length === 1 ? 'was' : 'were'} readable by others; now 0600`);
  return `Slipway made its files private: ${parts.join('; ')}. If other users could log in meanwhile, regenerate the webhook secret and the outbound hook secrets.`;
}
