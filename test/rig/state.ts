import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { RigPaths } from './paths';

const processSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  /** Started by hand and recorded by `cli.ts adopt` (stopped by `down` like one the rig started). */
  adopted: z.boolean().optional(),
});
const stateSchema = z.object({
  engine: processSchema.extend({ dockerHost: z.string() }).optional(),
  registry: processSchema.optional(),
  /** The swarm the rig initialised on the engine (left again by `rig down`). */
  swarm: z.object({ dockerHost: z.string(), startedAt: z.string() }).optional(),
});

export type RigProcess = z.infer<typeof processSchema>;
/** What the rig itself started (and so may stop): written to /tmp/slw/rig.json. */
export type RigFileState = z.infer<typeof stateSchema>;

export function readRigState(paths: RigPaths): RigFileState {
  if (!existsSync(paths.state)) return {};
  try {
    return stateSchema.parse(JSON.parse(readFileSync(paths.state, 'utf8')));
  } catch {
    return {}; // a damaged state file must not block the rig; the processes are still found by socket and port
  }
}

export function updateRigState(paths: RigPaths, change: (state: RigFileState) => RigFileState): RigFileState {
  const next = stateSchema.parse(change(readRigState(paths)));
  const tmp = `${paths.state}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
  renameSync(tmp, paths.state);
  return next;
}
