import type { HeaderValues } from './types';

const SECRET_HEADER = /authorization|cookie|token|secret|signature|password|passwd|api-?key|credential|session/i;
export const MASK = '[masked]';

function mask(name: string, value: string): string {
  if (value.trim() === '') return value;
  // Keep what helps diagnose a failed check (the scheme), never the secret itself.
  const scheme = /^(\S+)\s+\S/.exec(value);
  if (scheme && name.includes('authorization')) return `${scheme[1] ?? ''} ${MASK}`;
  const algorithm = /^(sha1|sha256)=/i.exec(value);
  if (algorithm) return `${algorithm[0]}${MASK}`;
  return MASK;
}

/** Whether a header name carries a secret, per lower-case name: senders use few names, so each is tested once. */
const secretNames = new Map<string, boolean>();

function isSecretName(name: string): boolean {
  let secret = secretNames.get(name);
  if (secret === undefined) {
    secret = SECRET_HEADER.test(name);
    if (secretNames.size < 1024) secretNames.set(name, secret);
  }
  return secret;
}

/** Headers as recorded for a delivery: lower-case names, secrets (tokens, signatures, cookies) masked. */
export function maskHeaders(headers: HeaderValues): Record<string, string | string[]> {
  // No prototype, so that a header named "__proto__" stays a header.
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const rawName of Object.keys(headers)) {
    const value = headers[rawName];
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    const secret = isSecretName(name);
    const shown =
      typeof value === 'string'
        ? secret
          ? mask(name, value)
          : value
        : [...value].filter((v): v is string => typeof v === 'string').map((v) => (secret ? mask(name, v) : v));
    const existing = out[name];
    out[name] = existing === undefined ? shown : [...(typeof existing === 'string' ? [existing] : existing), ...(typeof shown === 'string' ? [shown] : shown)];
  }
  return out;
}
