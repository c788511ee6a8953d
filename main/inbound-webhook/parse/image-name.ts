import { isDigest, isValidTag, parseImageRef } from '../../oci-client/image-ref';
import type { TagEvent } from './types';

/*
 * The one place webhook payloads' image names are turned into (registry, repository), through the
 * shared reference grammar so that a webhook's image compares equal to the one a project names.
 */

export interface ImageName {
  readonly registry: string;
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

export type NameResult = { readonly ok: true; readonly name: ImageName } | { readonly ok: false; readonly reason: string };

/**
 * Parses `[scheme://]host/path[:tag][@digest]` as payloads write it. The path is lower-cased (GHCR
 * URLs keep the owner's capitals; registries only store lower-case names); the tag keeps its case.
 */
export function readImageName(raw: string): NameResult {
  let rest = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  let suffix = '';
  const at = rest.indexOf('@');
  if (at !== -1) {
    suffix = rest.slice(at);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    const tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    // "ghcr.io/o/n:" is how GitHub writes an untagged package URL.
    if (tag !== '') suffix = `:${tag}${suffix}`;
  }
  rest = rest.replace(/\/+$/, '');
  try {
    const ref = parseImageRef(rest.toLowerCase() + suffix);
    return { ok: true, name: { registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest } };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : `"${raw}" is not a valid image reference` };
  }
}

export type TagEventResult = { readonly ok: true; readonly event: TagEvent } | { readonly ok: false; readonly reason: string };

/** Builds a tag event for `name` (registry/path, no tag), checking the tag and digest grammar. */
export function tagEvent(name: string, tag: string, digest?: string | null, mediaType?: string | null): TagEventResult {
  const parsed = readImageName(name);
  if (!parsed.ok) return parsed;
  if (parsed.name.tag !== null || parsed.name.digest !== null) {
    return { ok: false, reason: `"${name}" should be an image name without a tag or digest` };
  }
  return withTag(parsed.name, tag, digest, mediaType);
}

export function withTag(name: ImageName, tag: string, digest?: string | null, mediaType?: string | null): TagEventResult {
  if (!isValidTag(tag)) {
    return { ok: false, reason: `tag "${tag}" is not a valid tag (letters, digits, "_", "." and "-", up to 128)` };
  }
  if (digest && !isDigest(digest)) return { ok: false, reason: `"${digest}" is not a valid digest` };
  const event: TagEvent = {
    kind: 'image',
    registry: name.registry,
    repository: name.repository,
    tag,
    ...(digest ? { digest } : {}),
    ...(mediaType ? { mediaType } : {}),
  };
  return { ok: true, event };
}

/** A tag that is really a digest (Gitea's by-digest versions, Harbor's by-digest resources). */
export const isDigestLike = (tag: string): boolean => tag.includes(':');
