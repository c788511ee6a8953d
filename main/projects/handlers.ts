import type { PartialHandlers } from '../contract/dispatch';
import type { ProjectService } from './service';

export function projectHandlers(svc: ProjectService): PartialHandlers<'projects.create' | 'projects.list' | 'projects.get' | 'projects.update' | 'projects.remove' | 'stages.update'> {
  return {
    'projects.create': (input) => svc.create(input),
    'projects.list': () => ({ projects: svc.list() }),
    'projects.get': ({ id }) => svc.get(id),
    'projects.update': (patch) => svc.update(patch),
    'projects.remove': async ({ id, purgeData }) => ({ ok: true as const, removedContainers: await svc.remove(id, purgeData) }),
    'stages.update': (patch) => svc.updateStage(patch),
  };
}
