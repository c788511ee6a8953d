import type { EventBus } from '../events/bus';
import type { RegistryClientOptions } from '../oci-client/client';
import type { SecretBox } from '../secrets/secret-box';
import { storeSecretBox } from '../secrets/store-box';
import type { Db } from '../store/db';
import { registryHandlers } from './handlers';
import { RegistryRepo } from './registry-repo';
import { RegistryService } from './registry-service';

export interface RegistriesOptions {
  readonly db: Db;
  readonly bus: EventBus;
  readonly dataDir: string;
  /** The desktop shell's keychain box; without one, the key file `DATA_DIR/secret.key` (0600) seals secrets. */
  readonly secretBox?: SecretBox;
  readonly client?: Omit<RegistryClientOptions, 'credentials'>;
  readonly dockerConfigPath?: string;
}

/** Registry credentials and the shared registry client that uses them. */
export function createRegistries(o: RegistriesOptions): {
  readonly service: RegistryService;
  readonly handlers: ReturnType<typeof registryHandlers>;
  /** The box that seals secrets in this data directory; other secrets (channel URLs) use it too. */
  readonly box: SecretBox;
} {
  // The key file still opens what `slipway serve` sealed in this data directory; the keychain seals anew.
  const box = storeSecretBox(o.dataDir, o.secretBox);
  const service = new RegistryService({
    repo: new RegistryRepo(o.db),
    box,
    bus: o.bus,
    ...(o.client ? { client: o.client } : {}),
    ...(o.dockerConfigPath ? { dockerConfigPath: o.dockerConfigPath } : {}),
  });
  return { service, handlers: registryHandlers(service), box };
}
