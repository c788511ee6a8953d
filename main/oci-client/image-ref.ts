import { TAG_PATTERN } from '../../preload/contract/common';
import { AppError } from '../dispatch/app-error';

/** A parsed image reference, normalised the way the Docker CLI does. */
export interface ImageRef {
  /** `docker.io` for Docker Hub; otherwise host[:port] as given, lower-cased. */
  readonly registry: string;
  /** Path inside the registry; `library/nginx` for Hub official images. */
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
  /** Canonical `registry/repository`, e.g. `localhost:5000/acme/web`, `docker.io/library/nginx`. */
  readonly name: string;
}

export const DOCKER_HUB = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

// Grammar from github.com/distribution/reference (reference.go / regexp.go).
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]{1,5}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = TAG_PATTERN;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_MAX = 255;

/** Examples shown with an error: each one is accepted where that kind of name is asked for. */
export const IMAGE_EXAMPLES = {
  /** A project's image: a repository, tags are chosen per stage. */
  repository: 'Example: "localhost:5000/acme/web", "nginx" or "ghcr.io/acme/api".',
  reference: 'Example: "localhost:5000/acme/web:1.2.0", "nginx:1.27" or "ghcr.io/acme/api@sha256:<64 hex>".',
} as const;
export type ImageRefKind = keyof typeof IMAGE_EXAMPLES;

const invalid = (input: string, why: string, kind: ImageRefKind): AppError =>
  new AppError('INVALID_INPUT', `"${input}" is not a valid image ${kind === 'repository' ? 'repository' : 'reference'}: ${why}. ${IMAGE_EXAMPLES[kind]}`);

export const isValidTag = (tag: string): boolean => TAG.test(tag);
export const isDigest = (value: string): boolean => DIGEST.test(value);

function isValidDomain(domain: string): boolean {
  const colon = domain.startsWith('[') ? domain.indexOf(':', domain.indexOf(']')) : domain.lastIndexOf(':');
  const host = colon === -1 ? domain : domain.slice(0, colon);
  const port = colon === -1 ? null : domain.slice(colon + 1);
  if (port !== null && (!PORT.test(port) || Number(port) > 65535)) return false;
  if (IPV6_HOST.test(host)) return true;
  return host.length > 0 && host.split('.').every((c) => DOMAIN_COMPONENT.test(c));
}

/**
 * Docker's rule: the first component is a registry host when it has a dot or a port or is localhost.
 * (Docker also treats an upper-case first component as a host; we reject it as a path instead,
 * since "Acme/web" is far more likely a mistyped Hub repository than a registry named "acme".)
 */
function looksLikeDomain(first: string): boolean {
  return first.includes('.') || first.includes(':') || first.toLowerCase() === 'localhost';
}

/** Names (without tag or digest) already found valid, as parsed. */
const validNames = new Map<string, Pick<ImageRef, 'registry' | 'repository' | 'name'>>();

/**
 * Parses `[registry/]repository[:tag][@digest]`; throws AppError('INVALID_INPUT') saying what is wrong.
 * `kind` picks the examples in that message: `repository` where a tag would be refused.
 */
export function parseImageRef(input: string, kind: ImageRefKind = 'reference'): ImageRef {
  const raw = input.trim();
  if (raw.length === 0) throw invalid(input, 'it is empty', kind);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) throw invalid(input, 'leave out the scheme (http:// or https://)', kind);
  if (/\s/.test(raw)) throw invalid(input, 'it contains whitespace', kind);

  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(input, `digest "${digest}" must look like sha256:<64 hex digits>`, kind);
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) {
      throw invalid(input, `tag "${tag}" may only use letters, digits, "_", "." and "-" (not first), up to 128 characters`, kind);
    }
  }
  if (rest.length === 0) throw invalid(input, 'the repository name is missing', kind);
  const known = validNames.get(rest);
  // Fields listed, not spread: a spread followed by more fields is slow on this V8, and this runs per webhook.
  if (known) return { registry: known.registry, repository: known.repository, tag, digest, name: known.name };

  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && looksLikeDomain(parts[0] ?? '')) {
    const domain = parts.shift() ?? '';
    if (!isValidDomain(domain)) throw invalid(input, `registry host "${domain}" is not a valid host[:port]`, kind);
    registry = domain.toLowerCase();
    if (HUB_ALIASES.has(registry)) registry = DOCKER_HUB;
  }
  for (const part of parts) {
    if (part.length === 0) throw invalid(input, 'the repository path has an empty component ("//" or a trailing "/")', kind);
    if (part !== part.toLowerCase()) throw invalid(input, `repository path "${part}" must be lower-case`, kind);
    if (!PATH_COMPONENT.test(part)) {
      throw invalid(
        input,
        `repository path "${part}" may only use a-z, 0-9 and single ".", "_", "__" or "-" between them`,
        kind,
      );
    }
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  const name = `${registry}/${repository}`;
  if (name.length > NAME_MAX) throw invalid(input, `the name is longer than ${NAME_MAX} characters`, kind);
  // The same few names come back with every webhook and poll: remember the valid ones.
  if (validNames.size >= 1000) validNames.clear();
  validNames.set(rest, { registry, repository, name });
  return { registry, repository, tag, digest, name };
}

/** Like parseImageRef but answers null for anything invalid. */
export function tryParseImageRef(input: string): ImageRef | null {
  try {
    return parseImageRef(input);
  } catch {
    return null;
  }
}

const toRef = (r: ImageRef | string): ImageRef | null => (typeof r === 'string' ? tryParseImageRef(r) : r);

/** Same image repository after normalisation (`docker.io/library/x` = `x` = `index.docker.io/library/x`). */
export function sameRepository(a: ImageRef | string, b: ImageRef | string): boolean {
  const ra = toRef(a);
  const rb = toRef(b);
  return ra !== null && rb !== null && ra.name === rb.name;
}

/** `name:tag` or `name@digest` (a value that looks like a digest is treated as one). Without one: the ref's own. */
export function formatRef(ref: ImageRef, tagOrDigest?: string | null): string {
  const v = tagOrDigest ?? ref.digest ?? ref.tag;
  if (v === null) return ref.name;
  return isDigest(v) ? `${ref.name}@${v}` : `${ref.name}:${v}`;
}

/** The short form people type: `nginx`, `acme/app`, `localhost:5000/acme/web`. */
export function familiarName(ref: ImageRef): string {
  if (ref.registry !== DOCKER_HUB) return ref.name;
  return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
}

/** Loopback registries speak plain HTTP (as the Docker daemon allows); everything else HTTPS. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0];
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host ?? '');
}

/** Base URL of the Distribution API (without `/v2/`). */
export function registryApiBase(registry: string): string {
  const r = registry.toLowerCase();
  if (HUB_ALIASES.has(r)) return 'https://registry-1.docker.io';
  return `${isLoopbackRegistry(r) ? 'http' : 'https'}://${r}`;
}
