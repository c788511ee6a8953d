import net from 'node:net';
import type { Duplex } from 'node:stream';

/** A TCP connection to host:port, once it is connected (a refusal rejects with ECONNREFUSED). */
export function tcpConnect(host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}
