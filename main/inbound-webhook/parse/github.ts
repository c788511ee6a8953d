import { z } from 'zod';
import type { JsonObject } from './body';
import { commitSchema } from './git-event';
import { forgePushOutcome } from './forge-push';
import type { Headers } from './headers';
import { firstNonEmpty } from './headers';
import { readImageName, tagEvent, withTag } from './image-name';
import type { VendorResult } from './outcome';
import { ignored, invalid, schemaReason } from './outcome';

const packageSchema = z.object({
  name: z.string().min(1),
  namespace: z.string().nullish(),
  package_type: z.string().nullish(),
  ecosystem: z.string().nullish(),
  owner: z.object({ login: z.string().nullish() }).nullish(),
  package_version: z
    .object({
      version: z.string().nullish(),
      package_url: z.string().nullish(),
      container_metadata: z
        .object({
          tag: z.object({ name: z.string().nullish(), digest: z.string().nullish() }).nullish(),
          manifest: z.object({ media_type: z.string().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

const packageEventSchema = z.object({
  action: z.string(),
  package: packageSchema.optional(),
  registry_package: packageSchema.optional(),
});

export const pushSchema = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().nullish(),
  head_commit: z.object({ id: z.string() }).nullish(),
  commits: z.array(commitSchema).nullish(),
  compare: z.string().nullish(),
  repository: z.object({
    full_name: z.string(),
    clone_url: z.string().nullish(),
    html_url: z.string().nullish(),
  }),
  pusher: z.object({ name: z.string().nullish(), login: z.string().nullish() }).nullish(),
});

const CONTAINER_TYPES = new Set(['container', 'docker']);

export function parseGitHub(headers: Headers, payload: JsonObject): VendorResult {
  const event = firstNonEmpty(headers, 'x-github-event');
  if (!event) return { event: '', outcome: invalid('the X-GitHub-Event header is missing') };
  switch (event) {
    case 'package':
    case 'registry_package':
      return { event, outcome: githubPackage(event, payload) };
    case 'push':
      return { event, outcome: githubPush(payload) };
    case 'ping': {
      const hookId = typeof payload.hook_id === 'number' ? ` (hook ${String(payload.hook_id)})` : '';
      return { event, outcome: ignored(`ping: GitHub can reach Slipway${hookId}`) };
    }
    default:
      return { event, outcome: ignored(`GitHub "${event}" events are not used; select Packages and Pushes only`) };
  }
}

function githubPackage(event: 'package' | 'registry_package', payload: JsonObject): VendorResult['outcome'] {
  const parsed = packageEventSchema.safeParse(payload);
  if (!parsed.success) return invalid(schemaReason(`GitHub ${event}`, parsed.error));
  const { action } = parsed.data;
  const pkg = event === 'package' ? (parsed.data.package ?? parsed.data.registry_package) : (parsed.data.registry_package ?? parsed.data.package);
  if (!pkg) return invalid(`not a valid GitHub ${event} payload: the "${event}" object is missing`);
  if (action !== 'published' && action !== 'updated') return ignored(`package "${pkg.name}" ${action}: only published and updated versions are used`);
  // package_type is authoritative (the ecosystem of synthetic samples disagrees with it).
  const type = pkg.package_type ?? pkg.ecosystem;
  if (type && !CONTAINER_TYPES.has(type.toLowerCase())) return ignored(`${type} package "${pkg.name}" is not a container image`);
  const version = pkg.package_version;
  if (!version) return invalid(`not a valid GitHub ${event} payload: package_version is missing`);

  const fromUrl = version.package_url ? readImageName(version.package_url) : null;
  const tag = version.container_metadata?.tag?.name ?? (fromUrl?.ok ? fromUrl.name.tag : null) ?? '';
  if (tag === '') return ignored(`untagged manifest of "${pkg.name}" (one platform of a multi-arch push)`);
  const digest = version.container_metadata?.tag?.digest || (version.version?.startsWith('sha256:') ? version.version : null);
  const mediaType = version.container_metadata?.manifest?.media_type;

  if (fromUrl?.ok) return toOutcome(withTag(fromUrl.name, tag, digest, mediaType));
  const owner = pkg.namespace && !pkg.namespace.includes('/') ? pkg.namespace : pkg.owner?.login;
  if (!owner) return invalid(`not a valid GitHub ${event} payload: neither package_url nor the owner is usable`);
  return toOutcome(tagEvent(`ghcr.io/${owner}/${pkg.name}`, tag, digest, mediaType));
}

function toOutcome(result: ReturnType<typeof withTag>): VendorResult['outcome'] {
  return result.ok ? { kind: 'events', events: [result.event] } : invalid(result.reason);
}

function githubPush(payload: JsonObject): VendorResult['outcome'] {
  const parsed = pushSchema.safeParse(payload);
  if (!parsed.success) return invalid(schemaReason('GitHub push', parsed.error));
  const p = parsed.data;
  return forgePushOutcome(p, 'GitHub', { deleted: p.deleted === true, pusher: p.pusher?.name ?? p.pusher?.login, compareUrl: p.compare });
}
