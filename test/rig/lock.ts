import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { RigPaths } from './paths';

const STALE_MS = 120_000;
const WAIT_MS = 90_000;

/**
 * Runs `fn` while holding the rig lock (a directory: mkdir is atomic), so that vitest, Playwright and
 * the CLI starting at once still end up with one dockerd and one registry.
 */
export async function withRigLock<T>(paths: RigPaths, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      mkdirSync(paths.lock);
      writeFileSync(`${paths.lock}/owner`, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(paths.lock)) {
        rmSync(paths.lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`The test rig lock ${paths.lock} is held by another process; remove it if no rig is starting.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(paths.lock, { recursive: true, force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    const owner = Number(readFileSync(`${lock}/owner`, 'utf8'));
    if (owner > 0) {
      try {
        process.kill(owner, 0);
      } catch {
        return true; // its owner has died
      }
    }
    return Date.now() - statSync(lock).mtimeMs > STALE_MS;
  } catch {
    // No owner file yet: it is either being created right now or left behind half-made.
    try {
      return Date.now() - statSync(lock).mtimeMs > 5_000;
    } catch {
      return false;
    }
  }
}
