import { createHash, createHmac } from 'node:crypto';
import type { HostKey } from '../../preload/contract';

/** One line of an OpenSSH known_hosts file. */
export interface KnownHost {
  readonly marker: 'revoked' | 'cert-authority' | null;
  /** Plain patterns (`host`, `[host]:port`, `*.lan`, `!bad`) or a hashed name `|1|salt|hash`. */
  readonly hosts: readonly string[];
  readonly algorithm: string;
  /** The key blob, base64 as in the file. */
  readonly key: string;
}

/** Parses known_hosts text; lines it cannot read are skipped, as ssh does. */
export function parseKnownHosts(text: string): KnownHost[] {
  const out: KnownHost[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    let marker: KnownHost['marker'] = null;
    if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = (parts.shift() ?? '').slice(1) as 'revoked' | 'cert-authority';
    const [hosts, algorithm, key] = parts;
    if (!hosts || !algorithm || !key) continue;
    out.push({ marker, hosts: hosts.split(','), algorithm, key });
  }
  return out;
}

/** `SHA256:…` as `ssh-keygen -lf` prints it. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the head of an SSH public key blob (a length-prefixed string). */
export function keyAlgorithm(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const n = keyBlob.readUInt32BE(0);
  return n > 0 && n < 64 && keyBlob.length >= 4 + n ? keyBlob.subarray(4, 4 + n).toString('ascii') : 'unknown';
}

const globToRegExp = (glob: string): RegExp => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

function matchesName(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return globToRegExp(pattern).test(name);
}

/** Whether an entry names this host (a negated pattern that matches rules it out). */
function namesHost(entry: KnownHost, name: string): boolean {
  let hit = false;
  for (const p of entry.hosts) {
    if (p.startsWith('!')) {
      if (matchesName(p.slice(1), name)) return false;
    } else if (matchesName(p, name)) hit = true;
  }
  return hit;
}

export type HostKeyVerdict =
  | { readonly verdict: 'trusted'; readonly key: HostKey }
  | { readonly verdict: 'unknown'; readonly key: HostKey }
  | { readonly verdict: 'changed'; readonly key: HostKey }
  | { readonly verdict: 'revoked'; readonly key: HostKey };

/**
 * Decides on a host key the way ssh does with StrictHostKeyChecking=yes: trusted when known_hosts
 * (or Slipway's own accepted list) has this key for the host; changed when known_hosts has another
 * key of the same algorithm for it; revoked when marked so; otherwise unknown. Nothing is accepted here.
 */
export function decideHostKey(knownHosts: readonly KnownHost[], accepted: readonly HostKey[], name: string, keyBlob: Buffer): HostKeyVerdict {
  const key: HostKey = { algorithm: keyAlgorithm(keyBlob), fingerprint: fingerprint(keyBlob) };
  const blob = keyBlob.toString('base64');
  const forHost = knownHosts.filter((e) => e.marker !== 'cert-authority' && namesHost(e, name));
  if (knownHosts.some((e) => e.marker === 'revoked' && e.key === blob)) return { verdict: 'revoked', key };
  if (forHost.some((e) => e.marker === null && e.key === blob)) return { verdict: 'trusted', key };
  if (forHost.some((e) => e.marker === null && e.algorithm === key.algorithm)) return { verdict: 'changed', key };
  if (accepted.some((a) => a.fingerprint === key.fingerprint)) return { verdict: 'trusted', key };
  if (accepted.some((a) => a.algorithm === key.algorithm)) return { verdict: 'changed', key };
  return { verdict: 'unknown', key };
}
