import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the rig's engine also listens, over TLS with client certificates (`--tlsverify`). */
export const TLS_ENGINE_ADDR = '127.0.0.1:23760';

/** The certificates of the rig's TLS listener: a CA, the daemon's pair, and a client pair signed by the CA. */
export interface RigTls {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

export function rigTlsPaths(rigDir: string): RigTls {
  const dir = join(rigDir, 'tls');
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server-cert.pem'),
    serverKey: join(dir, 'server-key.pem'),
    clientCert: join(dir, 'cert.pem'),
    clientKey: join(dir, 'key.pem'),
  };
}

const openssl = (args: readonly string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Makes the CA and both pairs once (kept across runs, like the engine that uses them). */
export function ensureRigTls(rigDir: string): RigTls {
  const tls = rigTlsPaths(rigDir);
  if (existsSync(tls.clientKey)) return tls;
  mkdirSync(tls.dir, { recursive: true, mode: 0o700 });
  const d = tls.dir;
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=slipway-test-ca', '-keyout', 'ca-key.pem', '-out', 'ca.pem'], d);
  writeFileSync(join(d, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(d, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject, ext] of [
    ['server', '/CN=127.0.0.1', 'server.ext'],
    ['client', '/CN=slipway-test-client', 'client.ext'],
  ] as const) {
    const key = name === 'server' ? 'server-key.pem' : 'key.pem';
    const cert = name === 'server' ? 'server-cert.pem' : 'cert.pem';
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', key, '-out', `${name}.csr`], d);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-days', '3650', '-extfile', ext, '-out', cert], d);
  }
  return tls;
}

/** The dockerd flags that add the verified TLS listener beside the unix socket. */
export function tlsListenerArgs(tls: RigTls): string[] {
  return ['-H', `tcp://${TLS_ENGINE_ADDR}`, '--tlsverify', '--tlscacert', tls.ca, '--tlscert', tls.serverCert, '--tlskey', tls.serverKey];
}
