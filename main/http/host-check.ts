/**
 * The Host values the API/UI server answers to: loopback names on its port, and the address it was
 * told to listen on. A DNS-rebinding page reaches the server under its own name (evil.example:port)
 * and is turned away before the token or anything else is looked at.
 */
export function allowedHosts(listenHost: string, port: number): ReadonlySet<string> {
  const p = String(port);
  const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  return new Set([`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`, `${bracket(listenHost.toLowerCase())}:${p}`]);
}

/** Exact match on the whole `host:port`, case-insensitive for the name; a missing Host is refused. */
export function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  return hostHeader !== undefined && allowed.has(hostHeader.trim().toLowerCase());
}
