import { isDeepStrictEqual } from 'node:util';
import type { ComposeService } from './compose-file';

/**
 * Compose project name of one stage's stack: project and stage, lower-cased, to `[a-z0-9_-]`
 * (what Compose accepts), so every stage gets its own network, volumes and containers.
 */
export function stackName(project: string, stage: string): string {
  const clean = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  const name = `${clean(project) || 'project'}_${clean(stage) || 'stage'}`;
  return name.slice(0, 63);
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
