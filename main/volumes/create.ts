import type { Db } from '../store/db';
import { InstanceRepo } from '../store/instance-repo';
import { ProjectRepo } from '../store/project-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { StageRepo } from '../store/stage-repo';
import type { Engines } from '../docker/engines';
import { ComposeRepo } from '../store/compose-repo';
import type { RawRoute } from '../http/raw-route';
import type { Handlers } from '../dispatch/dispatch';
import { DownloadTickets } from '../http/download-tickets';
import { volumeHandlers } from './handlers';
import { volumeRawRoutes } from './http-routes';
import { transferHandlers, type TransferHolder } from './transfer';
import { VolumeService } from './volume-service';

export interface VolumesFeature {
  readonly handlers: Pick<Handlers, 'volumes.list' | 'volumes.browse' | 'volumes.preview' | 'volumes.mkdir' | 'volumes.delete' | 'system.transferEndpoint' | 'system.downloadUrl'>;
  readonly rawRoutes: readonly RawRoute[];
  /** The desktop shell sets where the window sends files (its loopback server and token). */
  readonly transfer: TransferHolder;
  /** Single-use download links; the HTTP transport redeems them on GET /api/raw/…. */
  readonly downloadTickets: DownloadTickets;
}

/** The volume browser, wired from the store and engine the app already has. */
export function createVolumes(d: { readonly db: Db; readonly dataDir: string; readonly engines: Engines; readonly installId: () => string; readonly settings: SettingsRepo }): VolumesFeature {
  const service = new VolumeService({
    projects: new ProjectRepo(d.db),
    stages: new StageRepo(d.db),
    instances: new InstanceRepo(d.db),
    dataDir: d.dataDir,
    docker: (name) => d.engines.clientFor(name),
    engines: {
      remote: (name) => d.engines.publishing(name).anyPort,
      down: (name) => (d.engines.reachable(name) ? null : (d.engines.list().find((e) => e.name === name)?.state.error ?? 'it does not answer')),
    },
    installId: d.installId,
    compose: new ComposeRepo(d.db),
    allowedRoots: () => d.settings.read().allowedVolumeRoots,
  });
  const transfer: TransferHolder = { current: null };
  const downloadTickets = new DownloadTickets();
  return {
    handlers: { ...volumeHandlers(service), ...transferHandlers(transfer, downloadTickets) },
    rawRoutes: volumeRawRoutes(service, { maxUploadBytes: () => d.settings.read().maxUploadBytes }),
    transfer,
    downloadTickets,
  };
}
