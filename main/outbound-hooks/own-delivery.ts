/**
 * Loop rule: a request Slipway's hooks sent (this instance or another) is recorded by the
 * inbound listener but never acted on, so a hook aimed at a Slipway listener cannot trigger
 * deploys. Every delivery carries two markers; either one is enough, in case a proxy drops one.
 */
export const USER_AGENT_PREFIX = 'Slipway-Hookshot/';
export const HOOK_ID_HEADER = 'x-slipway-hook-id';

type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** True when the request came from a Slipway outbound hook. Pure; header names in any case. */
export function isOwnDelivery(headers: HeaderBag): boolean {
  for (const [name, raw] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const values = typeof raw === 'string' ? [raw] : (raw ?? []);
    if (key === HOOK_ID_HEADER && values.length > 0) return true;
    if (key === 'user-agent' && values.some((v) => v.startsWith(USER_AGENT_PREFIX))) return true;
  }
  return false;
}
