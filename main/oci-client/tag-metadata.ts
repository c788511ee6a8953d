import { z } from 'zod';
import { isDigest, type ImageRef } from './image-ref';

/**
 * Ordering metadata some registries expose beside the Distribution API, which has no dates:
 * Docker Hub's tags API (`last_updated`) and Gitea/Forgejo's packages API (`created_at`).
 * Pure parsers here; the HTTP calls live in RegistryClient.
 */

export const HUB_API_BASE = 'https://hub.docker.com';

const HubTagSchema = z
  .object({
    name: z.string(),
    last_updated: z.string().nullable().optional(),
    tag_last_pushed: z.string().nullable().optional(),
    digest: z.string().nullable().optional(),
  })
  .loose();

export const HubTagsPageSchema = z
  .object({
    count: z.number().optional(),
    next: z.string().nullable().optional(),
    results: z.array(HubTagSchema),
  })
  .loose();

export interface TagTime {
  readonly tag: string;
  /** ISO time the tag was last pushed/updated (Hub) or created (Gitea). */
  readonly at: string;
  readonly digest: string | null;
}

/** The first page URL of Hub's tags API, newest first. */
export function hubTagsUrl(base: string, ref: ImageRef, pageSize = 100): string {
  const [namespace = 'library', ...rest] = ref.repository.split('/');
  const qs = new URLSearchParams({ page_size: String(pageSize), ordering: 'last_updated' });
  return `${base}/v2/namespaces/${encodeURIComponent(namespace)}/repositories/${encodeURIComponent(rest.join('/'))}/tags?${qs.toString()}`;
}

export function parseHubTagsPage(json: unknown): { tags: TagTime[]; next: string | null } | null {
  const page = HubTagsPageSchema.safeParse(json);
  if (!page.success) return null;
  const tags: TagTime[] = [];
  for (const r of page.data.results) {
    const at = r.tag_last_pushed ?? r.last_updated ?? null;
    if (at !== null && Number.isFinite(Date.parse(at))) tags.push({ tag: r.name, at, digest: r.digest ?? null });
  }
  return { tags, next: page.data.next ?? null };
}

export const HubLoginSchema = z.object({ token: z.string().min(1) }).loose();

const GiteaPackageSchema = z
  .object({
    type: z.string(),
    name: z.string(),
    version: z.string(),
    created_at: z.string(),
  })
  .loose();
export const GiteaPackagesSchema = z.array(GiteaPackageSchema);

/** Gitea names a container package by the image path below the owner: `acme/web` → owner `acme`, name `web`. */
export function giteaPackageOf(ref: ImageRef): { owner: string; name: string } | null {
  const [owner, ...rest] = ref.repository.split('/');
  return owner && rest.length > 0 ? { owner, name: rest.join('/') } : null;
}

export function giteaPackagesUrl(base: string, owner: string, name: string, page: number, limit: number): string {
  const qs = new URLSearchParams({ type: 'container', q: name, page: String(page), limit: String(limit) });
  return `${base}/api/v1/packages/${encodeURIComponent(owner)}?${qs.toString()}`;
}

/** Tag times from one page of Gitea's package list; `q` matches substrings, so the name is compared exactly. */
export function parseGiteaPackages(json: unknown, name: string): { tags: TagTime[]; count: number } | null {
  const list = GiteaPackagesSchema.safeParse(json);
  if (!list.success) return null;
  const tags: TagTime[] = [];
  for (const p of list.data) {
    // Untagged manifests show up as versions named by their digest.
    if (p.type !== 'container' || p.name.toLowerCase() !== name.toLowerCase() || isDigest(p.version)) continue;
    if (Number.isFinite(Date.parse(p.created_at))) tags.push({ tag: p.version, at: p.created_at, digest: null });
  }
  return { tags, count: list.data.length };
}

/** A map for `newestTags(…, createdAt)`. */
export const toCreatedAt = (tags: readonly TagTime[]): ReadonlyMap<string, string> =>
  new Map(tags.map((t) => [t.tag, t.at]));
