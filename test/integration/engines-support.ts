import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../main/app';
import { rigTlsPaths } from '../rig/tls';
import { RIG_DIR } from '../rig/paths';

/** The repository of the engine tests' images (their own namespace). */
export const IT_ENGINES_REPO = 'localhost:5000/it-engines/web';

/** An app whose SSH engines trust only the known_hosts file given (never the user's own). */
export async function startEnginesApp(dataDir: string, knownHostsFile: string, more: Partial<AppOptions> = {}): Promise<App> {
  const app = createApp({ dataDir, mode: 'headless', version: '0.0.0-test', webhookPort: 0, knownHostsFile, dockerConfigDir: path.join(dataDir, 'docker-config'), ...more });
  await app.start();
  return app;
}

/** An app whose own (local) engine does not answer: only a remote engine can explain what runs. */
export function startAppWithoutLocalEngine(dataDir: string, more: Partial<AppOptions> = {}): Promise<App> {
  return startEnginesApp(dataDir, path.join(dataDir, 'known_hosts'), { dockerHost: `unix://${path.join(dataDir, 'no-engine.sock')}`, ...more });
}

/** The rig's TLS client files. */
export function rigTls(): { ca: string; cert: string; key: string } {
  const t = rigTlsPaths(RIG_DIR);
  return { ca: t.ca, cert: t.clientCert, key: t.clientKey };
}

/** A CA that signed nothing the rig's engine shows. */
export function strangerCa(dir: string): string {
  const key = path.join(dir, 'stranger-ca-key.pem');
  const ca = path.join(dir, 'stranger-ca.pem');
  if (!fs.existsSync(ca)) execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=stranger-ca', '-keyout', key, '-out', ca], { stdio: 'ignore' });
  return ca;
}
