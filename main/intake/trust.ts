import type { SignatureState, UnsignedVendor } from '../../preload/contract';
import type { SignatureVerdict, Vendor } from '../inbound-webhook/parse';

/** The Settings → Webhook switch that covers a vendor (Forgejo speaks Gitea's format; a Distribution registry is `registry`). */
export function unsignedSwitchOf(vendor: Vendor): UnsignedVendor {
  switch (vendor) {
    case 'forgejo':
      return 'gitea';
    case 'distribution':
      return 'registry';
    default:
      return vendor;
  }
}

export type SignatureGate =
  | { readonly ok: true; readonly signature: SignatureState }
  | { readonly ok: false; readonly signature: SignatureState; readonly reason: string };

export interface GateInput {
  readonly vendor: Vendor;
  /** What the vendor's own check found (verifySignature). */
  readonly verdict: SignatureVerdict;
  readonly scheme: string;
  readonly detail?: string | undefined;
  /** The kinds with a signing secret set. */
  readonly configured: readonly string[];
  readonly acceptUnsigned: readonly UnsignedVendor[];
}

/**
 * Whether a delivery may be acted on. The sender chooses its headers, hence its vendor: so once any signing
 * secret is set, a delivery is acted on only with a valid signature from a configured secret, or when the user
 * explicitly accepts unsigned deliveries from the vendor it reads as. With no secret set, the secret URL is
 * the only credential (as before).
 */
export function signatureGate(g: GateInput): SignatureGate {
  if (g.verdict === 'valid') return { ok: true, signature: 'valid' };
  if (g.verdict === 'missing' || g.verdict === 'invalid') {
    return { ok: false, signature: g.verdict, reason: `signature check failed (${g.scheme}): ${g.detail ?? g.verdict}` };
  }
  if (g.configured.length === 0) return { ok: true, signature: 'not-configured' };
  const sw = unsignedSwitchOf(g.vendor);
  if (g.acceptUnsigned.includes(sw)) return { ok: true, signature: 'not-configured' };
  return {
    ok: false,
    signature: 'missing',
    reason:
      `unsigned ${g.vendor} delivery refused: a signing secret is set (${g.configured.join(', ')}), so every delivery must carry a valid signature from a configured secret. ` +
      `Sign it (set the same secret on the sender and in Settings → Webhook), or allow unsigned ${sw} deliveries there.`,
  };
}

export type AutoCreateTrust = { readonly trusted: true } | { readonly trusted: false; readonly reason: string };

/** `host` matches any port of that host; `host:port` only that port. Both sides lower-case. */
export function registryAllowed(registry: string, entry: string): boolean {
  if (entry === registry) return true;
  if (hasPort(entry)) return false;
  return hostOf(registry) === entry;
}

const hasPort = (s: string): boolean => /:\d+$/.test(s) && !/^\[[^\]]*$/.test(s);
const hostOf = (s: string): string => (hasPort(s) ? s.slice(0, s.lastIndexOf(':')) : s);

/**
 * Auto-create makes a project that auto-deploys whatever the image is: only for a signed delivery, or for
 * an image whose registry the user trusts (the allow-list setting, plus the registries saved in Settings → Registries).
 */
export function autoCreateTrust(t: { readonly signed: boolean; readonly registry: string; readonly allowList: readonly string[]; readonly saved: readonly string[] }): AutoCreateTrust {
  if (t.signed) return { trusted: true };
  const registry = t.registry.toLowerCase();
  if (t.allowList.some((e) => registryAllowed(registry, e.toLowerCase())) || t.saved.some((e) => registryAllowed(registry, e.toLowerCase()))) {
    return { trusted: true };
  }
  return {
    trusted: false,
    reason: `unknown image, not created: the delivery is unsigned and registry ${registry} is not trusted for auto-create. Add it under “Auto-create from” in Settings → Webhook (or save it in Settings → Registries), or sign the delivery.`,
  };
}
