import type Docker from 'dockerode';
import type { RegistryEntry, RegistryTestResult } from '../../preload/contract/registries';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import { RegistryClient, type RegistryClientOptions } from '../oci-client/client';
import { type Credential, dockerodeAuthFor, resolveCredentials } from '../oci-client/credentials';
import { configKeyToRegistry } from '../oci-client/docker-config';
import { type SecretBox, SecretBoxError, sealedKind } from '../secrets/secret-box';
import type { RegistryRepo, RegistryRow } from './registry-repo';

export interface RegistryServiceDeps {
  readonly repo: RegistryRepo;
  readonly box: SecretBox;
  readonly bus: EventBus;
  /** Options of the shared registry client (timeouts, retries); its credentials always come from here. */
  readonly client?: Omit<RegistryClientOptions, 'credentials'>;
  /** `~/.docker/config.json` unless given (tests isolate it). */
  readonly dockerConfigPath?: string;
  readonly now?: () => number;
}

/** `Docker Hub` aliases and letter case folded the way image references are: one row per registry. */
export const normaliseHost = (host: string): string => configKeyToRegistry(host);

/**
 * Registry credentials from Settings → Registries: stored sealed, opened once into memory, and handed to
 * every registry request and pull (`credentials`, `pullAuth`) ahead of `~/.docker/config.json`.
 */
export class RegistryService {
  /** The one registry client for tags, digests, image configs and polls, with these credentials. */
  readonly client: RegistryClient;
  readonly #repo: RegistryRepo;
  readonly #box: SecretBox;
  readonly #bus: EventBus;
  readonly #configPath: string | undefined;
  readonly #now: () => number;
  #cache: ReadonlyMap<string, Credential> | null = null;
  readonly #problems = new Map<string, string>();
  /** Problems already reported in the event log (host + sealed value + message), so a poll loop does not repeat them. */
  readonly #reported = new Set<string>();

  constructor(d: RegistryServiceDeps) {
    this.#repo = d.repo;
    this.#box = d.box;
    this.#bus = d.bus;
    this.#configPath = d.dockerConfigPath;
    this.#now = d.now ?? Date.now;
    this.client = new RegistryClient({ ...d.client, credentials: (registry) => this.credentials(registry) });
  }

  /** Saved credentials by host, for `resolveCredentials(registry, { extra })`. Entries that cannot be opened are left out. */
  credentialsMap(): ReadonlyMap<string, Credential> {
    if (this.#cache) return this.#cache;
    const map = new Map<string, Credential>();
    this.#problems.clear();
    for (const row of this.#repo.list()) {
      try {
        map.set(row.host, { username: row.username, password: this.#open(row) });
      } catch (e) {
        if (!(e instanceof SecretBoxError)) throw e;
        this.#problems.set(row.host, e.message);
        this.#report(row, e.message);
      }
    }
    // Retried on every use while something is wrong: the user may be fixing the key file right now.
    if (this.#problems.size === 0) this.#cache = map;
    return map;
  }

  /** Credentials for a registry: saved ones first, then Docker's (credential helpers, `auths`). */
  credentials(registry: string): Promise<Credential | null> {
    return resolveCredentials(registry, { extra: this.credentialsMap(), ...(this.#configPath ? { configPath: this.#configPath } : {}) });
  }

  /** The engine's `authconfig` for pulling from a registry (null: anonymous). For the deployer's `auth` dependency. */
  pullAuth(registry: string): Promise<Docker.AuthConfig | null> {
    return dockerodeAuthFor(registry, { extra: this.credentialsMap(), ...(this.#configPath ? { configPath: this.#configPath } : {}) });
  }

  list(): RegistryEntry[] {
    this.credentialsMap(); // brings the problems up to date
    return this.#repo.list().map((r) => this.#entry(r));
  }

  save(input: { readonly host: string; readonly username: string; readonly password: string }): RegistryEntry {
    const host = normaliseHost(input.host);
    let sealed: string;
    try {
      sealed = this.#box.encrypt(input.password);
    } catch (e) {
      if (e instanceof SecretBoxError) throw new AppError('INTERNAL', `The password for ${host} was not saved: ${e.message}`);
      throw e;
    }
    const existed = this.#repo.get(host) !== null;
    const row = this.#repo.upsert(host, input.username, sealed, this.#now());
    this.#changed(host);
    this.#bus.emit({
      type: 'registry.saved',
      message: `${existed ? 'Updated' : 'Saved'} credentials for ${host} (user ${input.username})`,
      data: { host, username: input.username, secretBox: this.#box.kind },
    });
    return this.#entry(row);
  }

  remove(hostIn: string): void {
    const host = normaliseHost(hostIn);
    if (!this.#repo.remove(host)) throw notFound('Saved credentials for registry', host);
    this.#changed(host);
    this.#bus.emit({ type: 'registry.removed', message: `Removed the saved credentials for ${host}`, data: { host } });
  }

  /**
   * "Test": does the registry answer, and does it accept the credentials? Tests the given ones, else the saved
   * ones (and records the verdict), else what `docker login` left, else anonymous access.
   */
  async test(input: { readonly host: string; readonly username?: string | undefined; readonly password?: string | undefined }): Promise<RegistryTestResult> {
    const host = normaliseHost(input.host);
    if (input.username !== undefined && input.password !== undefined) {
      return this.#ping(host, { username: input.username, password: input.password }, 'given');
    }
    const row = this.#repo.get(host);
    if (row) {
      const saved = this.credentialsMap().get(host);
      const result: RegistryTestResult = saved
        ? await this.#ping(host, saved, 'saved')
        : { ok: false, verdict: 'error', message: this.#problems.get(host) ?? 'the saved password cannot be read; enter it again', authenticated: false, credentialsFrom: 'saved' };
      this.#repo.recordTest(host, row.secret, result.verdict, result.message, this.#now());
      return result;
    }
    let fromDocker: Credential | null;
    try {
      fromDocker = await resolveCredentials(host, this.#configPath ? { configPath: this.#configPath } : {});
    } catch (e) {
      return { ok: false, verdict: 'error', message: e instanceof Error ? e.message : String(e), authenticated: false, credentialsFrom: 'docker-config' };
    }
    return this.#ping(host, fromDocker, fromDocker ? 'docker-config' : 'none');
  }

  async #ping(host: string, credential: Credential | null, from: RegistryTestResult['credentialsFrom']): Promise<RegistryTestResult> {
    try {
      const r = await this.client.ping(host, { credential });
      return { ok: r.verdict === 'ok', verdict: r.verdict, message: r.message, authenticated: r.authenticated, credentialsFrom: from };
    } catch (e) {
      return { ok: false, verdict: 'error', message: `checking ${host} failed: ${e instanceof Error ? e.message : String(e)}`, authenticated: false, credentialsFrom: from };
    }
  }

  /** Opens a row's password; one sealed by another box (key file → keychain) is sealed again by the current one. */
  #open(row: RegistryRow): string {
    const plain = this.#box.decrypt(row.secret);
    if (sealedKind(row.secret) !== this.#box.kind) {
      try {
        this.#repo.reseal(row.host, row.secret, this.#box.encrypt(plain));
      } catch (e) {
        if (!(e instanceof SecretBoxError)) throw e; // still readable as it is; try again next time
      }
    }
    return plain;
  }

  #report(row: RegistryRow, message: string): void {
    const key = `${row.host}\n${row.secret}\n${message}`;
    if (this.#reported.has(key)) return;
    this.#reported.add(key);
    this.#bus.emit({
      type: 'registry.secret-unreadable',
      level: 'warn',
      message: `The saved password for ${row.host} cannot be used: ${message}. Until then Slipway uses docker login credentials or none.`,
      data: { host: row.host },
    });
  }

  #changed(host: string): void {
    this.#cache = null;
    this.client.clearAuth(host); // tokens and credentials cached for the old password
  }

  #entry(r: RegistryRow): RegistryEntry {
    return {
      host: r.host,
      username: r.username,
      hasSecret: r.secret !== '',
      problem: this.#problems.get(r.host) ?? null,
      lastTest: r.lastTest,
      updatedAt: r.updatedAt,
    };
  }
}
