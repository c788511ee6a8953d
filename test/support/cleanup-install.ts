import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { dockerOptions, resolveDockerHost } from '../../main/docker/endpoint';
import { LABEL } from '../../main/deployer/container-spec';
import { openStore } from '../../main/store/db';
import { SettingsRepo } from '../../main/store/settings-repo';

/**
 * Removes what a stopped Slipway left running on purpose (deployments outlive the app): its
 * containers, by its install label, and its stable-URL proxy, which exits once its state dir is gone.
 */
export async function removeInstall(dataDir: string): Promise<void> {
  const dbFile = path.join(dataDir, 'slipway.db');
  if (fs.existsSync(dbFile)) {
    const db = openStore(dbFile);
    const installId = new SettingsRepo(db).getInternal('installId');
    db.close();
    if (installId) {
      const docker = new Docker(dockerOptions(resolveDockerHost(null)));
      const found = await docker.listContainers({ all: true, filters: { label: [`${LABEL.install}=${installId}`] } }).catch(() => []);
      for (const c of found) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}
