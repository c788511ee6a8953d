/** Where a TLS engine listens. */
export interface TcpAddress {
  readonly host: string;
  readonly port: number;
}

/** Who to log in as, where, for an SSH engine. */
export interface SshAddress {
  readonly user: string;
  readonly host: string;
  readonly port: number;
}

function parse(url: string, example: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new Error(`"${url}" is not an engine URL: write it like "${example}".`);
  }
}

/** `tcp://host:port` (or `https://`); 2376 when the port is left out, as the Docker CLI does for TLS. */
export function parseTcpUrl(url: string): TcpAddress {
  const u = parse(url, 'tcp://build.lan:2376');
  if (u.protocol !== 'tcp:' && u.protocol !== 'https:') throw new Error(`A TLS engine's URL starts with tcp:// (e.g. "tcp://build.lan:2376"), not "${u.protocol}//".`);
  if (!u.hostname) throw new Error(`"${url}" has no host: write it like "tcp://build.lan:2376".`);
  if (u.pathname !== '' && u.pathname !== '/') throw new Error(`"${url}" has a path: give only tcp://host:port.`);
  if (u.username || u.password) throw new Error(`"${url}" has a user name: a TLS engine knows this machine by its client certificate, so give only tcp://host:port.`);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 2376) };
}

/** `ssh://user@host[:port]`; the user is required (it decides whose socket access the engine has). */
export function parseSshUrl(url: string): SshAddress {
  const u = parse(url, 'ssh://deploy@prod.lan');
  if (u.protocol !== 'ssh:') throw new Error(`An SSH engine's URL starts with ssh:// (e.g. "ssh://deploy@prod.lan"), not "${u.protocol}//".`);
  if (!u.hostname) throw new Error(`"${url}" has no host: write it like "ssh://deploy@prod.lan".`);
  if (!u.username) throw new Error(`"${url}" has no user: write it like "ssh://deploy@${u.hostname}" (the user must be allowed to use the Docker socket there).`);
  if (u.password) throw new Error(`"${url}" holds a password: Slipway logs in with the SSH agent or a key file, so leave it out.`);
  if (u.pathname !== '' && u.pathname !== '/') throw new Error(`"${url}" has a path: give only ssh://user@host[:port] and set the socket separately.`);
  return { user: decodeURIComponent(u.username), host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 22) };
}

/** The name known_hosts uses for a host: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${String(port)}`;
}
