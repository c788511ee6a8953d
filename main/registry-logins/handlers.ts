import type { PartialHandlers } from '../dispatch/dispatch';
import { registryInspect, registryTags } from './lookups';
import type { RegistryService } from './registry-service';

export type RegistryMethod = 'registries.list' | 'registries.save' | 'registries.remove' | 'registries.test' | 'registry.tags' | 'registry.inspect';

export function registryHandlers(service: RegistryService): PartialHandlers<RegistryMethod> {
  return {
    'registries.list': () => ({ registries: service.list() }),
    'registries.save': (input) => service.save(input),
    'registries.remove': ({ host }) => {
      service.remove(host);
      return { ok: true };
    },
    'registries.test': (input) => service.test(input),
    'registry.tags': ({ image, limit }) => registryTags(service.client, image, limit),
    'registry.inspect': ({ image, tag }) => registryInspect(service.client, image, tag),
  };
}
