import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ComposeService } from './compose-file';
import { isObj } from './file-values';

/**
 * Compose project name of one stage's stack: project and stage, lower-cased, to `[a-z0-9_-]`
 * (what Compose accepts), so every stage gets its own network, volumes and containers.
 */
export function stackName(project: string, stage: string): string {
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  const name = `${clean(project) || 'project'}_${clean(stage) || 'stage'}`;
  return name.slice(0, 63);
}

/** The folder of one stage's stack (its compose.yml; relative bind mounts are under it). */
export const stackDir = (dataDir: string, stageId: number): string => path.join(dataDir, 'stacks', String(stageId));

/** Engine name of a top-level network or volume: its `name:`, or `<stack>_<key>` as Compose names it. */
export function composeEngineName(stack: string, key: string, top: unknown): string {
  const def = isObj(top) ? top[key] : undefined;
  if (isObj(def) && typeof def['name'] === 'string') return def['name'];
  if (isObj(def) && isObj(def['external']) && typeof def['external']['name'] === 'string') return def['external']['name'];
  if (isObj(def) && def['external'] === true) return key;
  return `${stack}_${key}`;
}

export interface CompanionPlan {
  /** Companions new in this file, or whose definition changed: (re)created. */
  readonly recreate: readonly string[];
  /** Companions with the same definition: left alone (same container, same volumes). */
  readonly keep: readonly string[];
  /** Companions gone from the file: removed from the stack. */
  readonly remove: readonly string[];
}

/** Which companions a new version of the file touches; tracked services are swapped by deploys instead. */
export function planCompanions(previous: readonly ComposeService[] | null, next: readonly ComposeService[]): CompanionPlan {
  const before = new Map((previous ?? []).filter((s) => !s.tracked).map((s) => [s.name, s.definition]));
  const recreate: string[] = [];
  const keep: string[] = [];
  for (const s of next) {
    if (s.tracked) continue;
    if (before.has(s.name) && isDeepStrictEqual(before.get(s.name), s.definition)) keep.push(s.name);
    else recreate.push(s.name);
  }
  const names = new Set(next.filter((s) => !s.tracked).map((s) => s.name));
  const remove = [...before.keys()].filter((n) => !names.has(n));
  return { recreate, keep, remove };
}
