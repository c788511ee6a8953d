import { describe, expect, it } from 'vitest';
import { knownHostsName, parseSshUrl, parseTcpUrl } from './engine-url';

describe('engine URLs', () => {
  it('reads tcp:// with 2376 as the TLS default port', () => {
    expect(parseTcpUrl('tcp://build.lan:2377')).toEqual({ host: 'build.lan', port: 2377 });
    expect(parseTcpUrl('tcp://10.0.0.5')).toEqual({ host: '10.0.0.5', port: 2376 });
    expect(parseTcpUrl('tcp://[::1]:2376')).toEqual({ host: '::1', port: 2376 });
  });

  it('refuses what a TLS engine cannot be, saying what to write', () => {
    expect(() => parseTcpUrl('http://h:2375')).toThrow(/starts with tcp:\/\//);
    expect(() => parseTcpUrl('build.lan:2376')).toThrow(/tcp:\/\/build\.lan:2376/);
    expect(() => parseTcpUrl('tcp://u@h:2376')).toThrow(/client certificate/);
    expect(() => parseTcpUrl('tcp://h:2376/v1')).toThrow(/has a path/);
  });

  it('reads ssh://user@host[:port] with 22 as the default', () => {
    expect(parseSshUrl('ssh://deploy@prod.lan')).toEqual({ user: 'deploy', host: 'prod.lan', port: 22 });
    expect(parseSshUrl('ssh://root@127.0.0.1:2222')).toEqual({ user: 'root', host: '127.0.0.1', port: 2222 });
  });

  it('refuses an SSH URL without a user, with a password, or of another scheme', () => {
    expect(() => parseSshUrl('ssh://prod.lan')).toThrow(/has no user/);
    expect(() => parseSshUrl('ssh://a:secret@prod.lan')).toThrow(/password/);
    expect(() => parseSshUrl('tcp://a@prod.lan')).toThrow(/starts with ssh:\/\//);
  });

  it('names hosts off port 22 the way known_hosts does', () => {
    expect(knownHostsName('prod.lan', 22)).toBe('prod.lan');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });
});
