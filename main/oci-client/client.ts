import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Credential } from './docker-config';
import { resolveCredentials } from './credentials';
import { AppError } from '../dispatch/app-error';
import { DOCKER_HUB, type ImageRef, isDigest, isValidTag, parseImageRef, registryApiBase } from './image-ref';
import { KeyedLimiter } from './limiter';
import { backoffMs, nextLink, retryAfterMs } from './http-hints';
import {
  DEFAULT_PLATFORM,
  type ImageConfigSummary,
  type PlatformWanted,
  formatPlatform,
  parseManifest,
  pickPlatform,
  summariseConfig,
} from './manifest';
import { type RegistryFailure, networkCause, registryError } from './registry-error';
import {
  HUB_API_BASE,
  HubLoginSchema,
  type TagTime,
  giteaPackageOf,
  giteaPackagesUrl,
  hubTagsUrl,
  parseGiteaPackages,
  parseHubTagsPage,
} from './tag-metadata';
import { ImageConfigBlobSchema, MANIFEST_ACCEPT, TagListSchema, TokenResponseSchema } from './schemas';
import { type BasicChallenge, type BearerChallenge, pickChallenge } from './www-authenticate';

export interface RegistryClientOptions {
  /** Where credentials come from; defaults to `resolveCredentials` (Docker config and helpers). */
  readonly credentials?: (registry: string) => Promise<Credential | null>;
  /** Per HTTP request, including reading the answer. */
  readonly timeoutMs?: number;
  /** Requests in flight per host at most. */
  readonly maxInFlightPerHost?: number;
  /** Retries after 429/502/503/504 or a dropped connection. */
  readonly maxRetries?: number;
  readonly retryBaseMs?: number;
  /** A `Retry-After` longer than this is not waited out: the call fails as rate-limited instead. */
  readonly maxRetryDelayMs?: number;
  /** How long resolved credentials are reused before asking the config/helper again. */
  readonly credentialTtlMs?: number;
  readonly apiBase?: (registry: string) => string;
  /** Docker Hub's web API (tag dates); default https://hub.docker.com. */
  readonly hubApiBase?: string;
  readonly userAgent?: string;
  readonly now?: () => number;
}

export interface ManifestHead {
  /** The digest the tag points at; for a multi-arch tag, the index's digest. */
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface ImageConfigResult extends ImageConfigSummary {
  /** What the reference points at (an index digest for multi-arch images). */
  readonly digest: string;
  /** The platform image's manifest digest. */
  readonly manifestDigest: string;
  readonly configDigest: string;
  readonly platform: string;
}

export type PingVerdict = 'ok' | 'unauthorized' | 'unreachable' | 'error';
export interface PingResult {
  readonly verdict: PingVerdict;
  readonly message: string;
  /** True when credentials were sent and accepted. */
  readonly authenticated: boolean;
}

export interface RegistryClientStats {
  /** Every HTTP request sent (token requests and retries included). */
  readonly requests: number;
  readonly tokenRequests: number;
  readonly retries: number;
  readonly byHost: Readonly<Record<string, number>>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface PagedOptions extends CallOptions {
  readonly pageSize?: number;
  readonly maxPages?: number;
}

export interface ListTagsOptions extends CallOptions {
  /** Page size (`n`); omitted: the registry's default, still following `Link`. */
  readonly pageSize?: number;
  /** Safety stop against a registry that links pages in a loop. */
  readonly maxPages?: number;
}

interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  readonly url: string;
}

interface Ctx {
  readonly registry: string;
  readonly repository?: string;
  /** For messages: "localhost:5000/acme/web" or "localhost:5000/acme/web:1.0". */
  readonly subject: string;
}

interface RequestInit2 {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

type Challenge = BearerChallenge | BasicChallenge;
interface Authorization {
  readonly header: string;
  readonly usedCredentials: boolean;
}

const MAX_BODY = 16 << 20;
const TRANSIENT_NET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_CLOSED']);
const RETRY_STATUS = new Set([429, 502, 503, 504]);

const toRef = (ref: ImageRef | string): ImageRef => (typeof ref === 'string' ? parseImageRef(ref) : ref);
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const pullScope = (repository: string): string => `repository:${repository}:pull`;
const basicHeader = (c: { username: string; password: string }): string =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** The first Distribution error message in a body (`{"errors":[{"code","message"}]}`), if any. */
function distributionMessage(body: Buffer): string | null {
  try {
    const json = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown; message?: unknown }[] };
    const e = json.errors?.[0];
    if (!e) return null;
    return [e.code, e.message].filter((x) => typeof x === 'string' && x !== '').join(': ') || null;
  } catch {
    return null;
  }
}

async function readBody(res: Response, cap: number): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  if (declared > cap) {
    await reader.cancel();
    throw new RangeError(`answer of ${declared} bytes is larger than ${cap}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      throw new RangeError(`answer is larger than ${cap} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * An OCI Distribution client: tags, manifest digests, image configs, credential checks.
 * Anonymous first; answers 401 challenges with Bearer tokens (cached per scope) or Basic credentials,
 * and once a registry has asked for auth, sends it up front. Bounded concurrency and retries.
 */
export class RegistryClient {
  readonly #credentials: (registry: string) => Promise<Credential | null>;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #credentialTtlMs: number;
  readonly #apiBase: (registry: string) => string;
  readonly #hubApiBase: string;
  readonly #userAgent: string;
  readonly #now: () => number;
  readonly #limiter: KeyedLimiter;

  readonly #challenges = new Map<string, Challenge>();
  readonly #tokens = new Map<string, { token: string; expiresAt: number; withCredentials: boolean }>();
  readonly #tokenInFlight = new Map<string, Promise<Authorization>>();
  readonly #creds = new Map<string, { at: number; value: Promise<Credential | null> }>();

  #requests = 0;
  #tokenRequests = 0;
  #retries = 0;
  readonly #byHost = new Map<string, number>();

  constructor(opts: RegistryClientOptions = {}) {
    this.#credentials = opts.credentials ?? ((registry) => resolveCredentials(registry));
    this.#timeoutMs = opts.timeoutMs ?? 15_000;
    this.#maxRetries = opts.maxRetries ?? 3;
    this.#retryBaseMs = opts.retryBaseMs ?? 500;
    this.#maxRetryDelayMs = opts.maxRetryDelayMs ?? 30_000;
    this.#credentialTtlMs = opts.credentialTtlMs ?? 60_000;
    this.#apiBase = opts.apiBase ?? registryApiBase;
    this.#hubApiBase = opts.hubApiBase ?? HUB_API_BASE;
    this.#userAgent = opts.userAgent ?? 'slipway';
    this.#now = opts.now ?? Date.now;
    this.#limiter = new KeyedLimiter(opts.maxInFlightPerHost ?? 8);
  }

  stats(): RegistryClientStats {
    return {
      requests: this.#requests,
      tokenRequests: this.#tokenRequests,
      retries: this.#retries,
      byHost: Object.fromEntries(this.#byHost),
    };
  }

  resetStats(): void {
    this.#requests = 0;
    this.#tokenRequests = 0;
    this.#retries = 0;
    this.#byHost.clear();
  }

  /** Forgets tokens, challenges and credentials (after the user edits credentials). */
  clearAuth(registry?: string): void {
    for (const map of [this.#challenges, this.#creds]) {
      if (registry === undefined) map.clear();
      else map.delete(registry);
    }
    for (const key of [...this.#tokens.keys()]) {
      if (registry === undefined || key.startsWith(`${registry} `)) this.#tokens.delete(key);
    }
  }

  /** All tags of a repository, following `Link: <…>; rel="next"` pages. */
  async listTags(refIn: ImageRef | string, opts: ListTagsOptions = {}): Promise<string[]> {
    const ref = toRef(refIn);
    const ctx: Ctx = { registry: ref.registry, repository: ref.repository, subject: ref.name };
    const base = this.#apiBase(ref.registry);
    const seen = new Set<string>();
    const tags = new Set<string>();
    const maxPages = opts.maxPages ?? 1000;
    let path: string | null =
      `/v2/${ref.repository}/tags/list` + (opts.pageSize !== undefined ? `?n=${Math.max(1, Math.floor(opts.pageSize))}` : '');
    while (path !== null) {
      if (seen.has(path) || seen.size >= maxPages) break;
      seen.add(path);
      const res = await this.#repoRequest(ctx, path, { method: 'GET', headers: { accept: 'application/json' } }, opts.signal);
      if (res.status !== 200) throw this.#statusError(res, ctx, 'listing tags');
      const parsed = TagListSchema.safeParse(this.#json(res, ctx));
      if (!parsed.success) throw this.#badAnswer(ctx, 'tags list', parsed.error.issues[0]?.message);
      for (const t of parsed.data.tags ?? []) tags.add(t);
      const next = nextLink(res.headers.get('link'), res.url);
      if (next === null) break;
      const url = new URL(next);
      // Never follow (and send tokens) to another origin.
      if (url.origin !== new URL(base).origin) throw this.#badAnswer(ctx, 'tags list', `next page points to ${url.origin}`);
      path = url.pathname + url.search;
    }
    return [...tags];
  }

  /** Digest, media type and size of what a tag (or digest) points at, by HEAD. */
  async headManifest(refIn: ImageRef | string, reference: string, opts: CallOptions = {}): Promise<ManifestHead> {
    const ref = toRef(refIn);
    const ctx = this.#manifestCtx(ref, reference);
    const res = await this.#repoRequest(
      ctx,
      `/v2/${ref.repository}/manifests/${reference}`,
      { method: 'HEAD', headers: { accept: MANIFEST_ACCEPT } },
      opts.signal,
    );
    if (res.status !== 200) throw this.#statusError(res, ctx, 'reading the manifest');
    const digest = res.headers.get('docker-content-digest');
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const size = Number(res.headers.get('content-length') ?? NaN);
    if (digest !== null && isDigest(digest) && Number.isFinite(size)) return { digest, mediaType, size };
    // Some registries leave the digest out of HEAD answers: read the manifest and hash it.
    const full = await this.#getManifest(ref, reference, opts.signal);
    return { digest: full.digest, mediaType: full.mediaType, size: full.body.length };
  }

  /** The image's config for a platform (an index is resolved to that platform's manifest). */
  async getImageConfig(
    refIn: ImageRef | string,
    reference: string,
    platform: PlatformWanted = DEFAULT_PLATFORM,
    opts: CallOptions = {},
  ): Promise<ImageConfigResult> {
    const ref = toRef(refIn);
    const ctx = this.#manifestCtx(ref, reference);
    const top = await this.#getManifest(ref, reference, opts.signal);
    let manifestDigest = top.digest;
    let parsed = top.parsed;
    if (parsed.kind === 'index') {
      const entry = pickPlatform(parsed.index, platform);
      if (!entry) {
        const has = parsed.index.manifests.flatMap((m) => (m.platform ? [formatPlatform(m.platform)] : []));
        throw registryError(
          `${ctx.subject} has no ${formatPlatform(platform)} image (it has: ${has.join(', ') || 'no platforms'})`,
          { reason: 'not-found', registry: ref.registry, repository: ref.repository },
        );
      }
      const inner = await this.#getManifest(ref, entry.digest, opts.signal);
      manifestDigest = inner.digest;
      parsed = inner.parsed;
    }
    if (parsed.kind !== 'image') {
      throw this.#badAnswer(ctx, 'manifest', parsed.kind === 'unsupported' ? parsed.reason : 'nested index');
    }
    const configDigest = parsed.manifest.config.digest;
    const res = await this.#repoRequest(
      ctx,
      `/v2/${ref.repository}/blobs/${configDigest}`,
      { method: 'GET', headers: { accept: '*/*' } },
      opts.signal,
    );
    if (res.status !== 200) throw this.#statusError(res, ctx, 'reading the image config');
    if (configDigest.startsWith('sha256:') && sha256(res.body) !== configDigest) {
      throw this.#badAnswer(ctx, 'image config', `content does not match ${configDigest}`);
    }
    const blob = ImageConfigBlobSchema.safeParse(this.#json(res, ctx));
    if (!blob.success) throw this.#badAnswer(ctx, 'image config', blob.error.issues[0]?.message);
    return {
      ...summariseConfig(blob.data),
      digest: top.digest,
      manifestDigest,
      configDigest,
      platform: formatPlatform(platform),
    };
  }

  /**
   * "Test credentials": can Slipway talk to this registry, and are the credentials good?
   * `credential` tests the given one (null: anonymous) instead of the stored ones. Never throws for registry failures.
   */
  async ping(registryIn: string, opts: CallOptions & { credential?: Credential | null } = {}): Promise<PingResult> {
    const registry = registryIn.trim().toLowerCase();
    const ctx: Ctx = { registry, subject: registry };
    const url = `${this.#apiBase(registry)}/v2/`;
    try {
      const first = await this.#send(url, { method: 'GET', headers: {} }, ctx, opts.signal);
      if (first.status === 200) {
        return { verdict: 'ok', message: `registry ${registry} answers; it needs no credentials`, authenticated: false };
      }
      if (first.status !== 401) throw this.#statusError(first, ctx, 'checking the API');
      const challenge = pickChallenge(first.headers.get('www-authenticate'));
      if (!challenge) throw this.#statusError(first, ctx, 'checking the API');
      const cred = opts.credential !== undefined ? opts.credential : await this.#resolveCreds(registry);
      const usable = cred !== null && (challenge.scheme === 'bearer' || 'password' in cred);
      if (!usable && challenge.scheme === 'basic') {
        return {
          verdict: 'unauthorized',
          message: `registry ${registry} requires credentials — add them in Settings → Registries`,
          authenticated: false,
        };
      }
      const auth =
        challenge.scheme === 'bearer'
          ? `Bearer ${await this.#fetchToken(ctx, challenge, null, cred, opts.signal)}`
          : cred !== null && 'password' in cred
            ? basicHeader(cred)
            : '';
      const second = await this.#send(url, { method: 'GET', headers: { authorization: auth } }, ctx, opts.signal);
      if (second.status === 200) {
        return cred === null
          ? { verdict: 'ok', message: `registry ${registry} answers; anonymous access works`, authenticated: false }
          : { verdict: 'ok', message: `credentials for ${registry} are accepted`, authenticated: true };
      }
      throw this.#statusError(second, ctx, 'checking the credentials', cred !== null);
    } catch (e) {
      const reason = (e as { details?: { reason?: RegistryFailure } }).details?.reason;
      const message = e instanceof Error ? e.message : String(e);
      if (reason === 'unauthorized') return { verdict: 'unauthorized', message, authenticated: false };
      if (reason === 'unreachable' || reason === 'timeout') return { verdict: 'unreachable', message, authenticated: false };
      if (reason !== undefined) return { verdict: 'error', message, authenticated: false };
      throw e;
    }
  }

  /**
   * Tag push times from Docker Hub's tags API, newest first (the Distribution API has no dates).
   * Uses Hub credentials when there are any (login for a JWT, cached); anonymous otherwise.
   */
  async hubTagTimes(refIn: ImageRef | string, opts: PagedOptions = {}): Promise<TagTime[]> {
    const ref = toRef(refIn);
    if (ref.registry !== DOCKER_HUB) throw new AppError('INVALID_INPUT', `${ref.name} is not on Docker Hub`);
    const ctx: Ctx = { registry: DOCKER_HUB, repository: ref.repository, subject: ref.name };
    const headers: Record<string, string> = { accept: 'application/json' };
    const cred = await this.#resolveCreds(DOCKER_HUB);
    if (cred !== null && 'password' in cred) headers['authorization'] = `Bearer ${await this.#hubLogin(ctx, cred, opts.signal)}`;
    const origin = new URL(this.#hubApiBase).origin;
    const out: TagTime[] = [];
    let url: string | null = hubTagsUrl(this.#hubApiBase, ref, opts.pageSize ?? 100);
    for (let page = 0; url !== null && page < (opts.maxPages ?? 10); page++) {
      const res = await this.#send(url, { method: 'GET', headers }, ctx, opts.signal);
      if (res.status !== 200) throw this.#statusError(res, ctx, 'reading tag dates from Docker Hub', 'authorization' in headers);
      const parsed = parseHubTagsPage(this.#json(res, ctx));
      if (!parsed) throw this.#badAnswer(ctx, 'Docker Hub tags page');
      out.push(...parsed.tags);
      url = parsed.next !== null && new URL(parsed.next, url).origin === origin ? new URL(parsed.next, url).toString() : null;
    }
    return out;
  }

  /** Tag creation times from Gitea/Forgejo's packages API (`/api/v1/packages/{owner}`), on the registry's host. */
  async giteaTagTimes(refIn: ImageRef | string, opts: PagedOptions = {}): Promise<TagTime[]> {
    const ref = toRef(refIn);
    const pkg = giteaPackageOf(ref);
    if (!pkg) throw new AppError('INVALID_INPUT', `${ref.name} has no owner: Gitea images are named host/owner/name`);
    const ctx: Ctx = { registry: ref.registry, repository: ref.repository, subject: ref.name };
    const headers: Record<string, string> = { accept: 'application/json' };
    const cred = await this.#resolveCreds(ref.registry);
    if (cred !== null && 'password' in cred) headers['authorization'] = basicHeader(cred);
    const limit = opts.pageSize ?? 50;
    const out: TagTime[] = [];
    for (let page = 1; page <= (opts.maxPages ?? 20); page++) {
      const url = giteaPackagesUrl(this.#apiBase(ref.registry), pkg.owner, pkg.name, page, limit);
      const res = await this.#send(url, { method: 'GET', headers }, ctx, opts.signal);
      if (res.status !== 200) throw this.#statusError(res, ctx, 'reading tag dates from the Gitea packages API', 'authorization' in headers);
      const parsed = parseGiteaPackages(this.#json(res, ctx), pkg.name);
      if (!parsed) throw this.#badAnswer(ctx, 'Gitea package list');
      out.push(...parsed.tags);
      if (parsed.count < limit) break;
    }
    return out;
  }

  async #hubLogin(ctx: Ctx, cred: { username: string; password: string }, signal?: AbortSignal): Promise<string> {
    const key = `${DOCKER_HUB} hub-api ${cred.username}`;
    const cached = this.#tokens.get(key);
    if (cached && cached.expiresAt > this.#now()) return cached.token;
    this.#tokenRequests++;
    const res = await this.#send(
      `${this.#hubApiBase}/v2/users/login`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(cred) },
      ctx,
      signal,
    );
    if (res.status !== 200) throw this.#statusError(res, ctx, 'signing in to Docker Hub', true);
    const login = HubLoginSchema.safeParse(this.#json(res, ctx));
    if (!login.success) throw this.#badAnswer(ctx, 'Docker Hub login', login.error.issues[0]?.message);
    const token = login.data.token;
    // Hub does not say how long its JWT lives; renew well within its usual lifetime.
    this.#tokens.set(key, { token, expiresAt: this.#now() + 5 * 60_000, withCredentials: true });
    return token;
  }

  // ---- internals -------------------------------------------------------------------------------

  #manifestCtx(ref: ImageRef, reference: string): Ctx {
    // The reference goes into the URL path: only a valid tag or digest may.
    if (!isValidTag(reference) && !isDigest(reference)) {
      throw new AppError('INVALID_INPUT', `"${reference}" is neither a tag nor a digest (e.g. "1.2.0" or "sha256:<64 hex>")`);
    }
    return {
      registry: ref.registry,
      repository: ref.repository,
      subject: isDigest(reference) ? `${ref.name}@${reference}` : `${ref.name}:${reference}`,
    };
  }

  async #getManifest(ref: ImageRef, reference: string, signal?: AbortSignal) {
    const ctx = this.#manifestCtx(ref, reference);
    const res = await this.#repoRequest(
      ctx,
      `/v2/${ref.repository}/manifests/${reference}`,
      { method: 'GET', headers: { accept: MANIFEST_ACCEPT } },
      signal,
    );
    if (res.status !== 200) throw this.#statusError(res, ctx, 'reading the manifest');
    const computed = sha256(res.body);
    if (isDigest(reference) && reference.startsWith('sha256:') && computed !== reference) {
      throw this.#badAnswer(ctx, 'manifest', `content does not match ${reference}`);
    }
    const header = res.headers.get('docker-content-digest');
    const digest = isDigest(reference) ? reference : header !== null && isDigest(header) ? header : computed;
    const json = this.#json(res, ctx);
    const mediaType =
      (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ||
      ((json as { mediaType?: unknown } | null)?.mediaType as string | undefined) ||
      '';
    return { digest, mediaType, body: res.body, parsed: parseManifest(json) };
  }

  #json(res: RawResponse, ctx: Ctx): unknown {
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      throw this.#badAnswer(ctx, 'answer', 'it is not JSON');
    }
  }

  /**
   * A request for a repository, with auth: cached up front, or after answering a 401 challenge once.
   * 401/403 become the unauthorized error here, where it is known whether credentials were sent.
   */
  async #repoRequest(ctx: Ctx, path: string, init: RequestInit2, signal?: AbortSignal): Promise<RawResponse> {
    const url = `${this.#apiBase(ctx.registry)}${path}`;
    const scope = pullScope(ctx.repository ?? '');
    const withAuth = (auth: Authorization | null): RequestInit2 =>
      auth === null ? init : { ...init, headers: { ...init.headers, authorization: auth.header } };
    const known = this.#challenges.get(ctx.registry);
    let auth = known ? await this.#authorization(ctx, known, scope, false, signal) : null;
    let res = await this.#send(url, withAuth(auth), ctx, signal);
    if (res.status === 401) {
      const challenge = pickChallenge(res.headers.get('www-authenticate'));
      if (challenge) {
        // Remembered per registry to authenticate up front; the scope belongs to this request only.
        this.#challenges.set(ctx.registry, challenge.scheme === 'bearer' ? { ...challenge, scope: null, error: null } : challenge);
        // A token that arrived while this request was out (a concurrent caller fetched it) is reused;
        // only the one just rejected is replaced.
        const cached = challenge.scheme === 'bearer' ? this.#tokens.get(`${ctx.registry} ${scope}`) : undefined;
        const fresh = cached === undefined || auth?.header === `Bearer ${cached.token}`;
        auth = await this.#authorization(ctx, challenge, scope, fresh, signal);
        if (auth !== null) res = await this.#send(url, withAuth(auth), ctx, signal);
      }
    }
    if (res.status === 401 || res.status === 403) {
      this.#creds.delete(ctx.registry); // re-read the config next time: the user may be fixing it
      throw this.#statusError(res, ctx, 'authenticating', auth?.usedCredentials ?? false);
    }
    return res;
  }

  async #authorization(
    ctx: Ctx,
    challenge: Challenge,
    scope: string,
    fresh: boolean,
    signal?: AbortSignal,
  ): Promise<Authorization | null> {
    if (challenge.scheme === 'basic') {
      const cred = await this.#resolveCreds(ctx.registry);
      return cred !== null && 'password' in cred ? { header: basicHeader(cred), usedCredentials: true } : null;
    }
    const key = `${ctx.registry} ${scope}`;
    const cached = this.#tokens.get(key);
    if (!fresh && cached && cached.expiresAt > this.#now()) {
      return { header: `Bearer ${cached.token}`, usedCredentials: cached.withCredentials };
    }
    // One token request per scope however many requests wait for it.
    let pending = this.#tokenInFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const cred = await this.#resolveCreds(ctx.registry);
        const token = await this.#fetchToken(ctx, challenge, challenge.scope ?? scope, cred, signal, key);
        return { header: `Bearer ${token}`, usedCredentials: cred !== null };
      })().finally(() => this.#tokenInFlight.delete(key));
      this.#tokenInFlight.set(key, pending);
    }
    return pending;
  }

  /** Gets a Bearer token from the challenge's realm (token auth spec, or OAuth2 refresh for identity tokens). */
  async #fetchToken(
    ctx: Ctx,
    challenge: BearerChallenge,
    scope: string | null,
    cred: Credential | null,
    signal?: AbortSignal,
    cacheKey?: string,
  ): Promise<string> {
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      throw this.#badAnswer(ctx, 'auth challenge', `realm "${challenge.realm}" is not a URL`);
    }
    let init: RequestInit2;
    if (cred !== null && 'identityToken' in cred) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, client_id: 'slipway' });
      if (challenge.service) form.set('service', challenge.service);
      if (scope) form.set('scope', scope);
      init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
    } else {
      if (challenge.service) realm.searchParams.set('service', challenge.service);
      if (scope) realm.searchParams.set('scope', scope);
      const headers: Record<string, string> = {};
      if (cred !== null) {
        realm.searchParams.set('account', cred.username);
        headers['authorization'] = basicHeader(cred);
      }
      init = { method: 'GET', headers };
    }
    this.#tokenRequests++;
    const res = await this.#send(realm.toString(), init, ctx, signal);
    if (res.status !== 200) throw this.#statusError(res, ctx, 'getting an access token', cred !== null);
    const parsed = TokenResponseSchema.safeParse(this.#json(res, ctx));
    if (!parsed.success) throw this.#badAnswer(ctx, 'token', parsed.error.issues[0]?.message);
    const token = parsed.data.token ?? parsed.data.access_token ?? '';
    // The spec's default lifetime is 60 s; renew a little early so a token never expires mid-request.
    const lifetimeS = parsed.data.expires_in ?? 60;
    if (cacheKey !== undefined) {
      this.#tokens.set(cacheKey, {
        token,
        expiresAt: this.#now() + Math.max(lifetimeS * 500, (lifetimeS - 10) * 1000),
        withCredentials: cred !== null,
      });
    }
    return token;
  }

  #resolveCreds(registry: string): Promise<Credential | null> {
    const hit = this.#creds.get(registry);
    if (hit && this.#now() - hit.at < this.#credentialTtlMs) return hit.value;
    const value = this.#credentials(registry).catch((e: unknown) => {
      this.#creds.delete(registry);
      throw e;
    });
    this.#creds.set(registry, { at: this.#now(), value });
    return value;
  }

  /** One HTTP exchange with the per-host limit, a timeout, and bounded retries on 429/5xx/dropped connections. */
  async #send(url: string, init: RequestInit2, ctx: Ctx, signal?: AbortSignal): Promise<RawResponse> {
    const host = new URL(url).host;
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse;
      try {
        res = await this.#limiter.run(host, async () => {
          this.#requests++;
          this.#byHost.set(host, (this.#byHost.get(host) ?? 0) + 1);
          const timeout = AbortSignal.timeout(this.#timeoutMs);
          const r = await fetch(url, {
            method: init.method,
            headers: { 'user-agent': this.#userAgent, ...init.headers },
            ...(init.body !== undefined ? { body: init.body } : {}),
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
            redirect: 'follow',
          });
          return { status: r.status, headers: r.headers, body: await readBody(r, MAX_BODY), url: r.url || url };
        });
      } catch (e) {
        if (signal?.aborted) throw e;
        if (e instanceof RangeError) throw this.#badAnswer(ctx, 'answer', e.message);
        if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
          throw registryError(`registry ${ctx.registry} did not answer within ${Math.round(this.#timeoutMs / 1000)} s`, {
            reason: 'timeout',
            registry: ctx.registry,
          });
        }
        const raw = networkCause(e);
        const cause = raw === 'bad port' ? `port ${new URL(url).port} is one that HTTP clients refuse to use; move the registry to another port` : raw;
        if (TRANSIENT_NET.has(cause) && attempt < this.#maxRetries) {
          this.#retries++;
          await delay(backoffMs(attempt, this.#retryBaseMs, this.#maxRetryDelayMs), undefined, { signal });
          continue;
        }
        const host2 = new URL(url).host;
        const where = host2 === ctx.registry ? `registry ${ctx.registry}` : `${host2} (auth service of ${ctx.registry})`;
        throw registryError(`${where} is not reachable: ${cause}`, { reason: 'unreachable', registry: ctx.registry });
      }
      if (!RETRY_STATUS.has(res.status) || attempt >= this.#maxRetries) return res;
      const wait = retryAfterMs(res.headers.get('retry-after'), this.#now()) ?? backoffMs(attempt, this.#retryBaseMs, this.#maxRetryDelayMs);
      if (wait > this.#maxRetryDelayMs) return res;
      this.#retries++;
      await delay(wait, undefined, { signal });
    }
  }

  #badAnswer(ctx: Ctx, what: string, detail?: string): Error {
    return registryError(`registry ${ctx.registry} sent an unreadable ${what} for ${ctx.subject}${detail ? `: ${detail}` : ''}`, {
      reason: 'bad-response',
      registry: ctx.registry,
      ...(ctx.repository !== undefined ? { repository: ctx.repository } : {}),
    });
  }

  #statusError(res: RawResponse, ctx: Ctx, doing: string, hadCredentials?: boolean): Error {
    const base = { registry: ctx.registry, status: res.status, ...(ctx.repository !== undefined ? { repository: ctx.repository } : {}) };
    const said = distributionMessage(res.body);
    const suffix = said ? ` (${said})` : '';
    const fail = (reason: RegistryFailure, message: string): Error => registryError(message, { ...base, reason });
    const usedCreds = hadCredentials ?? false;
    switch (true) {
      case res.status === 401 && !usedCreds:
        return fail(
          'unauthorized',
          `unauthorized for ${ctx.subject} — add credentials in Settings → Registries (or run docker login ${ctx.registry})`,
        );
      case res.status === 401:
        return fail('unauthorized', `unauthorized for ${ctx.subject} — the registry rejected the credentials; update them in Settings → Registries${suffix}`);
      case res.status === 403:
        return fail('unauthorized', `access denied to ${ctx.subject} — the credentials lack permission to pull${suffix}`);
      case res.status === 404:
        return fail('not-found', `${ctx.subject} was not found on ${ctx.registry} while ${doing}${suffix}`);
      case res.status === 429: {
        const after = res.headers.get('retry-after');
        return fail(
          'rate-limited',
          `registry ${ctx.registry} is rate limiting requests${after ? ` (retry after ${after} s)` : ''} — add credentials or poll less often`,
        );
      }
      case res.status >= 500:
        return fail('server-error', `registry ${ctx.registry} failed while ${doing} for ${ctx.subject}: HTTP ${res.status}${suffix}`);
      default:
        return fail('bad-response', `registry ${ctx.registry} answered HTTP ${res.status} while ${doing} for ${ctx.subject}${suffix}`);
    }
  }
}
