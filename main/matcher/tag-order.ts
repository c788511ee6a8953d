import { Minimatch } from 'minimatch';
import semver, { type SemVer } from 'semver';

export interface StageFilter {
  /** minimatch glob on the tag; absent or empty means every tag. */
  readonly pattern?: string;
  /** A semver range the tag must satisfy (tags that are not versions then never match). */
  readonly semverRange?: string | null;
}

export type CreatedAt = ReadonlyMap<string, string | number | Date>;

const VERSION = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;
const globCache = new Map<string, Minimatch>();

/** A tag read as a version: `1.2.3`, `v1.2.3-rc.1`, and the short forms `1.27` / `v2` (missing parts are 0). */
export function tagVersion(tag: string): SemVer | null {
  const m = VERSION.exec(tag);
  if (!m) return null;
  return semver.parse(`${m[1]}.${m[2] ?? '0'}.${m[3] ?? '0'}${m[4] ?? ''}`, { loose: true });
}

function glob(pattern: string): Minimatch {
  let mm = globCache.get(pattern);
  if (!mm) {
    mm = new Minimatch(pattern, { dot: true, nonegate: false });
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, mm);
  }
  return mm;
}

/** True when the glob compiles (for validating stage settings). */
export function isValidTagPattern(pattern: string): boolean {
  if (pattern.trim() === '' || pattern.length > 256) return false;
  try {
    return new Minimatch(pattern, { dot: true }).makeRe() !== false;
  } catch {
    return false;
  }
}

export const isValidSemverRange = (range: string): boolean => semver.validRange(range, { loose: true }) !== null;

/** Does a tag belong to a stage: its glob matches and, when set, its version satisfies the range. */
export function matchesStagePattern(tag: string, pattern?: string | null, semverRange?: string | null): boolean {
  const p = pattern === undefined || pattern === null || pattern.trim() === '' ? '*' : pattern;
  if (!glob(p).match(tag)) return false;
  if (semverRange === undefined || semverRange === null || semverRange.trim() === '') return true;
  const v = tagVersion(tag);
  return v !== null && semver.satisfies(v, semverRange, { loose: true });
}

function timeOf(createdAt: CreatedAt | undefined, tag: string): number | null {
  const raw = createdAt?.get(tag);
  if (raw === undefined) return null;
  const t = raw instanceof Date ? raw.getTime() : typeof raw === 'number' ? raw : Date.parse(raw);
  return Number.isFinite(t) ? t : null;
}

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/**
 * The tags a stage would take, newest first: version tags by semver (highest first), then the rest
 * by creation time where known (newest first), then the rest in descending natural order (`build-10` > `build-9`).
 * Version tags rank above non-version ones: a `v*` stage never has the latter, and a `*` stage should prefer releases.
 */
export function newestTags(tags: readonly string[], filter: StageFilter = {}, createdAt?: CreatedAt): string[] {
  const versions: { tag: string; v: SemVer; t: number | null }[] = [];
  const timed: { tag: string; t: number }[] = [];
  const rest: string[] = [];
  for (const tag of new Set(tags)) {
    if (!matchesStagePattern(tag, filter.pattern, filter.semverRange)) continue;
    const v = tagVersion(tag);
    const t = timeOf(createdAt, tag);
    if (v) versions.push({ tag, v, t });
    else if (t !== null) timed.push({ tag, t });
    else rest.push(tag);
  }
  versions.sort(
    (a, b) => semver.rcompare(a.v, b.v) || (b.t ?? -Infinity) - (a.t ?? -Infinity) || natural.compare(b.tag, a.tag),
  );
  timed.sort((a, b) => b.t - a.t || natural.compare(b.tag, a.tag));
  rest.sort((a, b) => natural.compare(b, a));
  return [...versions.map((x) => x.tag), ...timed.map((x) => x.tag), ...rest];
}
