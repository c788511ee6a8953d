import os from 'node:os';
import path from 'node:path';

/** --data-dir, else Electron's userData, else $XDG_DATA_HOME/slipway (~/.local/share/slipway). */
export function resolveDataDir(opts: { flag?: string | undefined; electronUserData?: string | undefined; env?: NodeJS.ProcessEnv }): string {
  if (opts.flag) return path.resolve(opts.flag);
  if (opts.electronUserData) return opts.electronUserData;
  const env = opts.env ?? process.env;
  const xdg = env['XDG_DATA_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'slipway');
}
