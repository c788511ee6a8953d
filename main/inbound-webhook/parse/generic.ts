import { z } from 'zod';
import type { JsonObject } from './body';
import { commitSchema, describeRef, gitEvent } from './git-event';
import { isZeroSha } from './git-ref';
import { readImageName, withTag } from './image-name';
import type { VendorResult } from './outcome';
import { ignored, invalid, schemaReason } from './outcome';
import type { Outcome } from './types';

const imageSchema = z.object({ image: z.string().min(1), digest: z.string().nullish() });

const person = z.union([z.string(), z.object({ name: z.string().nullish(), login: z.string().nullish(), username: z.string().nullish() })]);

const refSchema = z.object({
  ref: z.string().min(1),
  repo: z.string().nullish(),
  repository: z
    .union([z.string(), z.object({ full_name: z.string().nullish(), path_with_namespace: z.string().nullish() })])
    .nullish(),
  repoUrl: z.string().nullish(),
  repo_url: z.string().nullish(),
  commit: z.string().nullish(),
  sha: z.string().nullish(),
  after: z.string().nullish(),
  checkout_sha: z.string().nullish(),
  pusher: person.nullish(),
  commits: z.array(commitSchema).nullish(),
  compareUrl: z.string().nullish(),
  compare_url: z.string().nullish(),
});

export const GENERIC_HELP =
  'send {"image": "registry/owner/name:tag"} (optionally "@sha256:…") or {"ref": "refs/heads/main", "repo": "owner/name", "commit": "<sha>"}';

export const looksGeneric = (payload: JsonObject): boolean => 'image' in payload || 'ref' in payload;

/** The generic body: `{"image": …}` for an image push, `{"ref": …}` for a git push. */
export function parseGeneric(payload: JsonObject): VendorResult {
  if ('image' in payload) return { event: 'image', outcome: genericImage(payload) };
  if ('ref' in payload) return { event: 'ref', outcome: genericRef(payload) };
  return { event: '', outcome: invalid(`not a payload Slipway understands; ${GENERIC_HELP}`) };
}

/** Standard Webhooks senders wrap their event as `{type, timestamp, data}`; the generic shapes may sit in `data`. */
export function parseStandard(payload: JsonObject): VendorResult {
  const type = typeof payload.type === 'string' ? payload.type : '';
  const data = payload.data;
  const inner = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as JsonObject) : null;
  const source = inner && looksGeneric(inner) ? inner : looksGeneric(payload) ? payload : null;
  if (!source) return { event: type, outcome: ignored(`event "${type || 'without a type'}" carries no "image" or "ref"`) };
  const inside = parseGeneric(source);
  return { event: type || inside.event, outcome: inside.outcome };
}

function genericImage(payload: JsonObject): Outcome {
  const parsed = imageSchema.safeParse(payload);
  if (!parsed.success) return invalid(schemaReason('image', parsed.error));
  const name = readImageName(parsed.data.image);
  if (!name.ok) return invalid(name.reason);
  const digest = name.name.digest ?? parsed.data.digest;
  if (name.name.tag === null) {
    if (digest) return ignored(`${parsed.data.image} names a digest only; no tag moved`);
    return invalid(`"${parsed.data.image}" has no tag; write the tag that was pushed, e.g. "${parsed.data.image}:latest"`);
  }
  const result = withTag(name.name, name.name.tag, digest);
  return result.ok ? { kind: 'events', events: [result.event] } : invalid(result.reason);
}

function genericRef(payload: JsonObject): Outcome {
  const parsed = refSchema.safeParse(payload);
  if (!parsed.success) return invalid(schemaReason('ref', parsed.error));
  const p = parsed.data;
  const rawRepo =
    p.repo ?? (typeof p.repository === 'string' ? p.repository : (p.repository?.full_name ?? p.repository?.path_with_namespace));
  if (!rawRepo) return invalid(`the "repo" field is missing; ${GENERIC_HELP}`);
  const commit = p.commit ?? p.sha ?? p.checkout_sha ?? p.after;
  if (!commit) return invalid(`the "commit" field is missing; ${GENERIC_HELP}`);
  const { repo, url } = splitRepo(rawRepo);
  if (isZeroSha(commit)) return ignored(`${describeRef(p.ref)} of ${repo} was deleted`);
  const pusher = typeof p.pusher === 'string' ? p.pusher : (p.pusher?.login ?? p.pusher?.username ?? p.pusher?.name);
  const result = gitEvent({
    repo,
    repoUrl: p.repoUrl ?? p.repo_url ?? url,
    ref: p.ref,
    commit,
    pusher,
    commits: p.commits ?? [],
    compareUrl: p.compareUrl ?? p.compare_url,
  });
  return result.ok ? { kind: 'events', events: [result.event] } : invalid(result.reason);
}

/** "https://git.example.com/acme/web.git" → repo "acme/web" and that URL; "acme/web" stays as it is. */
function splitRepo(raw: string): { repo: string; url?: string } {
  const trimmed = raw.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return { repo: trimmed };
  try {
    const path = new URL(trimmed).pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
    return path ? { repo: path, url: trimmed } : { repo: trimmed };
  } catch {
    return { repo: trimmed };
  }
}
