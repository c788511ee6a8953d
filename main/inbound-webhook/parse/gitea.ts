import { z } from 'zod';
import type { JsonObject } from './body';
import { commitSchema } from './git-event';
import { forgePushOutcome } from './forge-push';
import type { Headers } from './headers';
import { firstNonEmpty } from './headers';
import { isDigestLike, tagEvent } from './image-name';
import type { VendorResult } from './outcome';
import { ignored, invalid, schemaReason } from './outcome';

const packageEventSchema = z.object({
  action: z.string(),
  package: z.object({
    type: z.string(),
    name: z.string().min(1),
    version: z.string(),
    owner: z.object({ login: z.string().min(1) }),
    html_url: z.string().nullish(),
    repository: z.object({ html_url: z.string().nullish() }).nullish(),
  }),
});

const pushSchema = z.object({
  ref: z.string(),
  after: z.string(),
  compare_url: z.string().nullish(),
  commits: z.array(commitSchema).nullish(),
  head_commit: z.object({ id: z.string() }).nullish(),
  repository: z.object({
    full_name: z.string(),
    clone_url: z.string().nullish(),
    html_url: z.string().nullish(),
  }),
  pusher: z.object({ login: z.string().nullish(), username: z.string().nullish() }).nullish(),
});

/**
 * The event: the fine-grained `*-Event-Type` first, because `X-Gitea-Event` (and its Forgejo/Gogs/GitHub
 * copies) arrives empty for package deliveries; then the coarse header; then the body's shape.
 */
export function giteaEventName(headers: Headers, payload: JsonObject): string {
  const fromHeaders = firstNonEmpty(
    headers,
    'x-forgejo-event-type',
    'x-gitea-event-type',
    'x-gogs-event-type',
    'x-forgejo-event',
    'x-gitea-event',
    'x-gogs-event',
  );
  if (fromHeaders) return fromHeaders;
  if (typeof payload.package === 'object' && payload.package !== null) return 'package';
  if (typeof payload.ref === 'string' && typeof payload.after === 'string') return 'push';
  return '';
}

export function parseGitea(headers: Headers, payload: JsonObject, product: 'Gitea' | 'Forgejo'): VendorResult {
  const event = giteaEventName(headers, payload);
  switch (event) {
    case 'package':
      return { event, outcome: giteaPackage(payload, product) };
    case 'push':
      return { event, outcome: giteaPush(payload, product) };
    case '':
      return { event, outcome: ignored(`${product} sent no event type and the body is neither a package nor a push`) };
    default:
      return { event, outcome: ignored(`${product} "${event}" events are not used; select Package and Push only`) };
  }
}

function giteaPackage(payload: JsonObject, product: string): VendorResult['outcome'] {
  const parsed = packageEventSchema.safeParse(payload);
  if (!parsed.success) return invalid(schemaReason(`${product} package`, parsed.error));
  const { action, package: pkg } = parsed.data;
  const label = `${pkg.owner.login}/${pkg.name}:${pkg.version}`;
  if (action !== 'created') return ignored(`package ${label} ${action}: only created versions are used`);
  if (pkg.type.toLowerCase() !== 'container') return ignored(`${pkg.type} package ${label} is not a container image`);
  if (isDigestLike(pkg.version)) {
    return ignored(`untagged manifest ${pkg.owner.login}/${pkg.name}@${pkg.version} (one platform of a multi-arch push)`);
  }
  // The registry is served from ROOT_URL's host; the payload only says it inside its web links.
  const host = hostOf(pkg.html_url) ?? hostOf(pkg.repository?.html_url);
  if (!host) return invalid(`${product} package ${label}: html_url is missing, so the registry host is unknown`);
  const result = tagEvent(`${host}/${pkg.owner.login}/${pkg.name}`, pkg.version);
  return result.ok ? { kind: 'events', events: [result.event] } : invalid(`${product} package ${label}: ${result.reason}`);
}

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).host;
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

function giteaPush(payload: JsonObject, product: string): VendorResult['outcome'] {
  const parsed = pushSchema.safeParse(payload);
  if (!parsed.success) return invalid(schemaReason(`${product} push`, parsed.error));
  const p = parsed.data;
  return forgePushOutcome(p, product, { deleted: false, pusher: p.pusher?.login ?? p.pusher?.username, compareUrl: p.compare_url });
}
