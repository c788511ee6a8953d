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
  // A Map, so that a header named "__proto__" stays a header.
  const out = new Map<string, string | string[]>();
  for (const [rawName, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    const secret = isSecretName(name);
    if (typeof value === 'string') {
      const shown = secret ? mask(name, value) : value;
      const existing = out.get(name);
      out.set(name, existing === undefined ? shown : [...(typeof existing === 'string' ? [existing] : existing), shown]);
      continue;
    }
    const values = [...value].filter((v): v is string => typeof v === 'string');
    const shown = secret ? values.map((v) => mask(name, v)) : values;
    const existing = out.get(name);
    out.set(name, existing === undefined ? shown : [...(typeof existing === 'string' ? [existing] : existing), ...shown]);
  }
  return Object.fromEntries(out);
}
