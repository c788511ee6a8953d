import fs from 'node:fs/promises';
import type { ProxyHealth } from './control-protocol';

export type PidLock = { readonly kind: 'owned'; release(): Promise<void> } | { readonly kind: 'running'; readonly pid: number };

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Makes this process the one proxy of a state dir. The pid file is created exclusively; an
 * existing one only counts if its proxy answers /health (a pid can be stale or reused by an
 * unrelated process after a crash or reboot). A proxy that is alive but not answering yet gets
 * `startupWaitMs` to come up before its file is treated as stale.
 */
export async function acquirePidLock(pidFile: string, health: () => Promise<ProxyHealth | null>, startupWaitMs: number): Promise<PidLock> {
  const mine = `${String(process.pid)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fs.writeFile(pidFile, mine, { flag: 'wx', mode: 0o600 });
      return {
        kind: 'owned',
        release: async () => {
          if ((await readPid(pidFile)) === mine) await fs.rm(pidFile, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const content = await readPid(pidFile);
    if (content === null) continue;
    const other = Number.parseInt(content, 10);
    const deadline = Date.now() + (Number.isInteger(other) && other !== process.pid && processAlive(other) ? startupWaitMs : 0);
    for (;;) {
      const h = await health();
      if (h) return { kind: 'running', pid: h.pid };
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Stale: remove it unless someone replaced it meanwhile.
    if ((await readPid(pidFile)) === content) await fs.rm(pidFile, { force: true });
  }
  throw new Error(`could not take ${pidFile}: another process keeps recreating it`);
}
