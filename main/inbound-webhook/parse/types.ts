/** Who sent a webhook. Forgejo is told apart from Gitea only for the record; both speak Gitea's format. */
export type Vendor =
  | 'gitea'
  | 'forgejo'
  | 'github'
  | 'gitlab'
  | 'dockerhub'
  | 'distribution'
  | 'harbor'
  | 'quay'
  | 'standard'
  | 'generic';

export const VENDORS: readonly Vendor[] = [
  'gitea',
  'forgejo',
  'github',
  'gitlab',
  'dockerhub',
  'distribution',
  'harbor',
  'quay',
  'standard',
  'generic',
];

/** A tag now points at an image (the digest when the sender said so). */
export interface TagEvent {
  readonly kind: 'image';
  /** host[:port], lower-cased; `docker.io` for Docker Hub. */
  readonly registry: string;
  /** Path without the registry, e.g. `acme/web`; Hub official images as `library/x`. */
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string;
  readonly mediaType?: string;
}

export interface GitCommit {
  readonly id: string;
  readonly message: string;
  readonly url?: string;
  readonly author?: string;
}

/** A git ref now points at a commit. */
export interface GitEvent {
  readonly kind: 'git';
  /** e.g. `acme/web` (GitLab: `group/sub/project`). */
  readonly repo: string;
  readonly repoUrl?: string;
  readonly ref: string;
  readonly branch?: string;
  readonly tag?: string;
  readonly commit: string;
  readonly pusher?: string;
  readonly commits: readonly GitCommit[];
  readonly compareUrl?: string;
}

export type WebhookEvent = TagEvent | GitEvent;

export type Outcome =
  | { readonly kind: 'events'; readonly events: readonly WebhookEvent[]; readonly ignoredParts?: readonly string[] }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly status: 400 | 415; readonly reason: string };

export interface Parsed {
  readonly vendor: Vendor;
  /** The vendor's event name (header or body), or a short description of what the body was. */
  readonly event: string;
  /** The vendor's own delivery id, stable or not; null when it sends none. */
  readonly deliveryId: string | null;
  /**
   * `github:body:<hex>` / `gitea:body:<hex>` for HMAC senders (a re-sent signed body is a repeat whatever its id);
   * else `<vendor>:id:<stable id>` where the vendor's id survives retries, else `<vendor>:sha256:<hex of body>`.
   */
  readonly dedupeKey: string;
  readonly outcome: Outcome;
}

export type HeaderValues = Readonly<Record<string, string | readonly string[] | string[] | undefined>>;

export interface WebhookRequest {
  readonly headers: HeaderValues;
  readonly body: Buffer;
}
