import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideHostKey, fingerprint, keyAlgorithm, parseKnownHosts } from './known-hosts';

/** A key blob as SSH encodes it: a length-prefixed algorithm name, then key bytes. */
function blob(algorithm: string, body: string): Buffer {
  const name = Buffer.from(algorithm);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, Buffer.from(body)]);
}

const keyA = blob('ssh-ed25519', 'key-a');
const keyB = blob('ssh-ed25519', 'key-b');
const rsa = blob('ssh-rsa', 'key-r');
const line = (hosts: string, key: Buffer): string => `${hosts} ${keyAlgorithm(key)} ${key.toString('base64')}`;
const hashed = (name: string): string => {
  const salt = Buffer.from('0123456789abcdef0123');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('SSH host key decisions', () => {
  it('prints fingerprints as ssh-keygen does and reads the algorithm from the blob', () => {
    expect(fingerprint(keyA)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyAlgorithm(keyA)).toBe('ssh-ed25519');
  });

  it('trusts a key known_hosts has for the host, by plain, port-qualified, hashed or wildcard name', () => {
    for (const hosts of ['prod.lan', 'other,prod.lan', hashed('prod.lan'), '*.lan']) {
      expect(decideHostKey(parseKnownHosts(line(hosts, keyA)), [], 'prod.lan', keyA).verdict).toBe('trusted');
    }
    expect(decideHostKey(parseKnownHosts(line('[127.0.0.1]:2222', keyA)), [], '[127.0.0.1]:2222', keyA).verdict).toBe('trusted');
    // The same host on another port is another entry.
    expect(decideHostKey(parseKnownHosts(line('127.0.0.1', keyA)), [], '[127.0.0.1]:2222', keyA).verdict).toBe('unknown');
  });

  it('calls a key unknown when nothing names the host, and never trusts it on its own', () => {
    const v = decideHostKey(parseKnownHosts(`# comment\n\n${line('elsewhere', keyB)}\n`), [], 'prod.lan', keyA);
    expect(v).toEqual({ verdict: 'unknown', key: { algorithm: 'ssh-ed25519', fingerprint: fingerprint(keyA) } });
  });

  it('calls a key changed when known_hosts has another key of that algorithm for the host', () => {
    expect(decideHostKey(parseKnownHosts(line('prod.lan', keyB)), [], 'prod.lan', keyA).verdict).toBe('changed');
    // Another algorithm's key is not a contradiction (the host has several).
    expect(decideHostKey(parseKnownHosts(line('prod.lan', rsa)), [], 'prod.lan', keyA).verdict).toBe('unknown');
  });

  it('trusts a key the user accepted in Slipway, but a changed one is refused', () => {
    const accepted = [{ algorithm: 'ssh-ed25519', fingerprint: fingerprint(keyA) }];
    expect(decideHostKey([], accepted, 'prod.lan', keyA).verdict).toBe('trusted');
    expect(decideHostKey([], accepted, 'prod.lan', keyB).verdict).toBe('changed');
    // known_hosts wins over an accepted key it contradicts.
    expect(decideHostKey(parseKnownHosts(line('prod.lan', keyB)), accepted, 'prod.lan', keyA).verdict).toBe('changed');
  });

  it('refuses revoked keys and ignores negated names and cert-authority lines', () => {
    expect(decideHostKey(parseKnownHosts(`@revoked * ssh-ed25519 ${keyA.toString('base64')}\n${line('prod.lan', keyA)}`), [], 'prod.lan', keyA).verdict).toBe('revoked');
    expect(decideHostKey(parseKnownHosts(line('*.lan,!prod.lan', keyA)), [], 'prod.lan', keyA).verdict).toBe('unknown');
    expect(decideHostKey(parseKnownHosts(`@cert-authority prod.lan ssh-ed25519 ${keyA.toString('base64')}`), [], 'prod.lan', keyA).verdict).toBe('unknown');
    expect(parseKnownHosts('garbage\nonly two')).toEqual([]);
  });
});
