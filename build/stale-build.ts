import fs from 'node:fs';
import path from 'node:path';

/** What the built app (out/) is made from: a change to any of them calls for a new build. */
export const BUILD_INPUTS = ['main', 'preload', 'renderer', 'package.json', 'package-lock.json', 'electron.config.ts', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json'];
/** Written after a successful build; holds the time that build started. */
export const STAMP = path.join('out', '.build-stamp');

/** The newest modification time (ms) among the files under `inputs` (tests excluded: they are not built). */
export function newestInput(root: string, inputs: readonly string[] = BUILD_INPUTS): number {
  let newest = 0;
  const visit = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return; // an optional input that is absent
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules') visit(path.join(p, entry));
    } else if (!/\.test\.tsx?$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const input of inputs) visit(path.join(root, input));
  return newest;
}

/** True when out/ is missing, was never stamped, or an input changed since the stamped build started. */
export function needsBuild(root: string, inputs: readonly string[] = BUILD_INPUTS): boolean {
  let builtFrom: number;
  try {
    builtFrom = Number(fs.readFileSync(path.join(root, STAMP), 'utf8'));
  } catch {
    return true;
  }
  if (!Number.isFinite(builtFrom) || !fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) return true;
  return newestInput(root, inputs) > builtFrom;
}

export function writeStamp(root: string, startedAt: number): void {
  fs.mkdirSync(path.join(root, 'out'), { recursive: true });
  fs.writeFileSync(path.join(root, STAMP), String(startedAt));
}
