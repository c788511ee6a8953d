import { z } from 'zod';
import type { SecretKindName } from '../../preload/contract';
import { SecretKindSchema } from '../../preload/contract';
import type { SettingsRepo } from '../store/settings-repo';
import type { VendorSecrets } from '../inbound-webhook/parse';

const KEY = 'vendorSecrets';
const StoredSchema = z.record(z.string(), z.string());

const CHECKS: Record<SecretKindName, string> = {
  github: 'X-Hub-Signature-256 (HMAC-SHA256 of the body)',
  gitea: 'X-Gitea-Signature / X-Forgejo-Signature (HMAC-SHA256 of the body)',
  gitlab: 'X-Gitlab-Token (or a whsec_ signing token: webhook-signature)',
  standard: 'webhook-signature (Standard Webhooks, whsec_ secret)',
  registry: 'the Authorization header a Distribution registry sends (notifications.endpoints[].headers)',
  harbor: 'the Authorization header Harbor sends (the policy’s auth header)',
  generic: 'the Authorization header of generic {"image": …} requests',
};

const kindsOf = (secrets: VendorSecrets): readonly SecretKindName[] => SecretKindSchema.options.filter((k) => secrets[k] !== undefined);

/** The last few characters, never more than a quarter of the secret. */
function hintOf(secret: string): string {
  const n = Math.min(4, Math.floor(secret.length / 4));
  return `…${secret.slice(secret.length - n)}`;
}

export interface SecretState {
  readonly kind: SecretKindName;
  readonly configured: boolean;
  readonly hint: string | null;
  readonly checks: string;
}

/**
 * Signing secrets per vendor, kept in the settings table (internal key, never in settings.get) and
 * cached in memory: every webhook request reads them.
 */
export class VendorSecretStore {
  private cache: VendorSecrets;
  private kinds: readonly SecretKindName[];

  constructor(private readonly settings: SettingsRepo) {
    this.cache = this.load();
    this.kinds = kindsOf(this.cache);
  }

  current(): VendorSecrets {
    return this.cache;
  }

  /** The kinds with a secret set (once any is, every delivery must be signed unless allowed unsigned). */
  configured(): readonly SecretKindName[] {
    return this.kinds;
  }

  set(kind: SecretKindName, secret: string | null): void {
    const next = Object.entries(this.cache).filter(([k]) => k !== kind);
    if (secret !== null && secret.trim() !== '') next.push([kind, secret]);
    this.settings.setInternal(KEY, JSON.stringify(Object.fromEntries(next)));
    this.cache = this.load();
    this.kinds = kindsOf(this.cache);
  }

  states(): SecretState[] {
    return SecretKindSchema.options.map((kind) => {
      const secret = this.cache[kind];
      return {
        kind,
        configured: secret !== undefined,
        hint: secret === undefined ? null : hintOf(secret),
        checks: CHECKS[kind],
      };
    });
  }

  private load(): VendorSecrets {
    const raw = this.settings.getInternal(KEY);
    if (raw === undefined) return {};
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return {};
    }
    const parsed = StoredSchema.safeParse(json);
    if (!parsed.success) return {};
    const out: Partial<Record<SecretKindName, string>> = {};
    for (const [k, v] of Object.entries(parsed.data)) {
      const kind = SecretKindSchema.safeParse(k);
      if (kind.success && v.trim() !== '') out[kind.data] = v;
    }
    return out;
  }
}
