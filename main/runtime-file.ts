import fs from 'node:fs';
import path from 'node:path';

/** What scripts read to reach a running `slipway serve`. Field names are public API. */
export interface RuntimeInfo {
  readonly pid: number;
  readonly uiUrl: string;
  readonly apiUrl: string;
  readonly token: string;
  readonly webhookUrl: string;
}

export function runtimeFilePath(dataDir: string): string {
  return path.join(dataDir, 'runtime.json');
}

/** Atomic and private (it holds the API token). */
export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): void {
  const file = runtimeFilePath(dataDir);
  const tmp = `${file}.${String(process.pid)}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function removeRuntimeFile(dataDir: string, pid: number): void {
  const file = runtimeFilePath(dataDir);
  try {
    const current = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown };
    if (current.pid === pid) fs.rmSync(file);
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}
