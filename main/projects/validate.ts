import path from 'node:path';
import { Minimatch } from 'minimatch';
import semver from 'semver';
import type { ProjectKind, StageTarget, Volume } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { parseImageRef } from '../oci-client/image-ref';

const bad = (message: string): AppError => new AppError('INVALID_INPUT', message);

/** A project's image is a repository; tags are chosen per stage. Answers the canonical name. */
export function validateRepository(image: string): string {
  const ref = parseImageRef(image, 'repository');
  if (ref.tag !== null || ref.digest !== null) {
    const extra = ref.digest !== null ? `@${ref.digest}` : `:${ref.tag ?? ''}`;
    throw bad(
      `image "${image}" should name a repository without "${extra}": each stage picks its tags with a tag pattern, and stages.deploy deploys a given tag.`,
    );
  }
  return ref.name;
}

/** The default project name: the repository's last path component, e.g. `web` for `localhost:5000/acme/web`. */
export function defaultProjectName(repositoryName: string): string {
  const last = repositoryName.split('/').pop() ?? 'app';
  return last.replace(/[^a-z0-9_.-]/g, '-').slice(0, 63) || 'app';
}

// Tags use [A-Za-z0-9_.-]; a pattern adds glob syntax. Anything else can never match a tag.
const PATTERN_CHARS = /^[A-Za-z0-9_.\-*?[\]{}!,^+@()|]+$/;

export function validateTagPattern(pattern: string, where = 'tagPattern'): void {
  if (!PATTERN_CHARS.test(pattern)) {
    throw bad(`${where} "${pattern}" can never match a tag: tags use letters, digits, "_", "." and "-"; patterns add *, ?, [..] and {a,b}.`);
  }
  let ok = balanced(pattern);
  if (ok) {
    try {
      ok = new Minimatch(pattern).makeRe() !== false;
    } catch {
      ok = false;
    }
  }
  if (!ok) throw bad(`${where} "${pattern}" is not a valid glob (check brackets and braces), e.g. "dev-*", "v*" or "*".`);
}

/** Minimatch reads a lone "[" as a literal, which no tag contains: treat unbalanced brackets as a typo. */
function balanced(pattern: string): boolean {
  const stack: string[] = [];
  for (const c of pattern) {
    if (c === '[' || c === '{') stack.push(c === '[' ? ']' : '}');
    else if (c === ']' || c === '}') {
      if (stack.pop() !== c) return false;
    }
  }
  return stack.length === 0;
}

export function validateSemverRange(range: string | null | undefined, where = 'semverRange'): void {
  if (range === null || range === undefined || range.trim() === '') return;
  if (semver.validRange(range) === null) throw bad(`${where} "${range}" is not a semver range, e.g. ">=1.2.0 <2" or "^1".`);
}

export interface StageLink {
  readonly name: string;
  readonly upstream: string | null;
}

/** What a project's extra ports are checked against: its kind, its primary port and whether a stage is a Swarm service. */
export interface ExtraPortsContext {
  readonly kind: ProjectKind;
  readonly port: number | null;
  /** Names of the project's stages that run as a Swarm service. */
  readonly swarmStages: readonly string[];
}

/** Extra container ports: image projects only, each once, none the primary port, and no Swarm stage (its tasks publish one port). */
export function validateExtraPorts(ports: readonly number[], ctx: ExtraPortsContext, field = 'ports'): void {
  if (ports.length === 0) return;
  if (ctx.kind !== 'image') {
    throw bad(`${field}: only image projects take extra ports; ${ctx.kind === 'compose' ? 'a compose project publishes the ports its tracked service lists under "ports:" or "expose:"' : 'a static site serves one URL per stage'}.`);
  }
  const seen = new Set<number>();
  for (const p of ports) {
    if (seen.has(p)) throw bad(`${field}: ${String(p)} is listed twice; list each container port once.`);
    seen.add(p);
  }
  if (ctx.port !== null && seen.has(ctx.port)) {
    throw bad(`${field}: ${String(ctx.port)} is already the project's container port ("port"), which has the stage's own URL; list only the other ports.`);
  }
  if (ctx.swarmStages.length > 0) {
    throw bad(`${field}: the stage${ctx.swarmStages.length > 1 ? 's' : ''} ${ctx.swarmStages.join(', ')} run${ctx.swarmStages.length > 1 ? '' : 's'} as a Swarm service, which publishes only the primary port; leave "ports" empty or run ${ctx.swarmStages.length > 1 ? 'those stages' : 'that stage'} as a container.`);
  }
}

/** A Swarm service runs an image: static sites and compose stacks have their own ways. */
export function validateTarget(target: StageTarget | undefined, kind: ProjectKind, field: string): void {
  if (target?.kind !== 'swarm') return;
  if (kind !== 'image') throw bad(`${field}: a ${kind} project's stages cannot run as a Swarm service; only image projects can. Leave "target" out.`);
}

/** Stage names are unique within a project; an upstream is another stage of the same project; no cycles. */
export function validateStageChain(stages: readonly StageLink[]): void {
  const names = new Set<string>();
  for (const s of stages) {
    if (names.has(s.name)) throw new AppError('CONFLICT', `stage "${s.name}" appears twice: stage names must be unique within a project.`);
    names.add(s.name);
  }
  const upstreamOf = new Map(stages.map((s) => [s.name, s.upstream]));
  for (const s of stages) {
    if (s.upstream === null) continue;
    if (s.upstream === s.name) throw bad(`stage "${s.name}" cannot be its own upstream.`);
    if (!names.has(s.upstream)) {
      throw bad(`stage "${s.name}" names upstream "${s.upstream}", which is not a stage of this project (stages: ${[...names].join(', ')}).`);
    }
  }
  for (const s of stages) {
    const seen = new Set<string>([s.name]);
    let cur = upstreamOf.get(s.name) ?? null;
    while (cur !== null) {
      if (seen.has(cur)) throw bad(`the upstream chain of stage "${s.name}" loops (${[...seen, cur].join(' → ')}): promotion must flow one way, e.g. dev → staging → prod.`);
      seen.add(cur);
      cur = upstreamOf.get(cur) ?? null;
    }
  }
}

const NAMED_VOLUME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const DIR_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** True when `child` is `root` or inside it (both absolute, normalised). */
export function isWithin(root: string, child: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** How links are read: fs.realpathSync and fs.readlinkSync in the app; without readlink a dangling link is not followed. */
export interface LinkReader {
  realpath(p: string): string;
  readlink?(p: string): string;
}

const NO_LINKS: LinkReader = { realpath: (p) => p };

/**
 * `p` with symbolic links resolved: the real path of its deepest existing ancestor, then the rest as
 * written (a source may be created after it is saved). A dangling link on the way is followed to where it
 * points (its target may appear later).
 */
export function resolveLinks(p: string, links: LinkReader, depth = 0): string {
  const rest: string[] = [];
  let cur = path.resolve(p);
  for (;;) {
    try {
      return path.join(links.realpath(cur), ...rest.reverse());
    } catch {
      let target: string | null = null;
      try {
        target = links.readlink?.(cur) ?? null;
      } catch {
        // not a link: look at the parent
      }
      if (target !== null && depth < 40) return resolveLinks(path.join(path.resolve(path.dirname(cur), target), ...rest.reverse()), links, depth + 1);
      const parent = path.dirname(cur);
      if (parent === cur) return path.resolve(p);
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/**
 * Checks each mount; `absolute` sources must lie under one of the allowed roots from settings, judged
 * by where they really lead (`links` reads the host's links; the default compares paths as written).
 */
export function validateVolumes(volumes: readonly Volume[], allowedRoots: readonly string[], links: LinkReader = NO_LINKS): void {
  const targets = new Set<string>();
  volumes.forEach((v, i) => {
    const where = `volumes.${String(i)}`;
    const target = path.posix.normalize(v.target).replace(/(.)\/+$/, '$1');
    if (target === '/') throw bad(`${where}: target "/" would hide the whole container filesystem; mount a directory such as /data.`);
    if (targets.has(target)) throw bad(`${where}: two volumes mount on ${target}; each target may be used once.`);
    targets.add(target);
    switch (v.scope) {
      case 'absolute': {
        if (v.source === undefined || !path.isAbsolute(v.source)) throw bad(`${where}: an absolute volume needs "source", a host path such as /srv/acme/data.`);
        if (!allowedRoots.some((root) => isWithin(root, v.source ?? ''))) {
          const roots = allowedRoots.length > 0 ? allowedRoots.join(', ') : 'none yet';
          throw new AppError(
            'FORBIDDEN_PATH',
            `${where}: ${v.source} is outside the allowed volume roots (${roots}). Add its parent in Settings → allowed volume roots, or use a "project" or "stage" volume.`,
          );
        }
        const real = resolveLinks(v.source, links);
        if (!allowedRoots.some((root) => isWithin(resolveLinks(root, links), real))) {
          throw new AppError(
            'FORBIDDEN_PATH',
            `${where}: ${v.source} leads to ${real} through a symbolic link, which is outside the allowed volume roots (${allowedRoots.join(', ')}). Give the real folder under a root instead of the link, or use a "project" or "stage" volume.`,
          );
        }
        break;
      }
      case 'named':
        if (v.source === undefined || !NAMED_VOLUME.test(v.source)) throw bad(`${where}: a named volume needs "source", a Docker volume name such as "acme-db".`);
        break;
      case 'ephemeral':
        if (v.source !== undefined) throw bad(`${where}: an ephemeral (tmpfs) volume has no source; remove it.`);
        break;
      case 'instance':
      case 'stage':
      case 'project':
        if (v.source !== undefined && !DIR_NAME.test(v.source)) throw bad(`${where}: source "${v.source}" must be a plain directory name (no "/" or "..").`);
        break;
    }
  });
}
