import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { LABEL } from '../../main/deployer/container-spec';
import { dockerOptions, resolveDockerHost } from '../../main/docker/endpoint';
import { openStore } from '../../main/store/db';
import { SettingsRepo } from '../../main/store/settings-repo';

/** Containers a Slipway installation made, found by its install label. */
export async function installContainers(docker: Docker, installId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${LABEL.install}=${installId}`] } });
}

export async function removeInstallContainers(docker: Docker, installId: string): Promise<void> {
  for (const c of await installContainers(docker, installId)) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
}

/** Stops the proxy process of a data directory (it outlives the app on purpose). */
export async function shutdownProxy(dataDir: string): Promise<void> {
  const { connectProxy, defaultProxyLaunch, proxyPaths } = await import('../../main/proxy');
  if (!fs.existsSync(proxyPaths(path.join(dataDir, 'proxy')).pidFile)) return;
  const proxy = await connectProxy({ stateDir: path.join(dataDir, 'proxy'), launch: defaultProxyLaunch() });
  await proxy.shutdown();
}

/**
 * Removes what a stopped Slipway left running on purpose (deployments outlive the app): its
 * containers, and its data dir, whose removal also ends its stable-URL proxy (the proxy exits
 * once its state dir is gone, without a new one being launched just to be stopped).
 */
export async function removeInstall(dataDir: string): Promise<void> {
  const dbFile = path.join(dataDir, 'slipway.db');
  if (fs.existsSync(dbFile)) {
    const db = openStore(dbFile);
    const installId = new SettingsRepo(db).getInternal('installId');
    db.close();
    if (installId) await removeInstallContainers(new Docker(dockerOptions(resolveDockerHost(null))), installId).catch(() => undefined);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
