/** Turns a listen() failure on a public port into a message a user can act on. */
export function describeBindError(code: string | undefined, port: number, fallback: string): string {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${String(port)} on 127.0.0.1 is already in use by another program; choose another public port or stop what is using it`;
    case 'EACCES':
      return `not allowed to listen on port ${String(port)} (ports below 1024 usually need administrator rights); choose a port above 1024`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on 127.0.0.1:${String(port)}: the loopback address is not available on this machine`;
    default:
      return `cannot listen on 127.0.0.1:${String(port)}: ${fallback}`;
  }
}
