import type { projectMethods } from '../../preload/contract/projects';
import type { HandlersOf } from '../dispatch/dispatch';
import type { ProjectService } from './service';
import { checkCompose } from '../sources/compose/check';

export function projectHandlers(svc: ProjectService): HandlersOf<typeof projectMethods> {
  return {
    'projects.create': (input) => svc.create(input),
    'compose.check': (input) => checkCompose(input),
    'projects.list': () => ({ projects: svc.list() }),
    'projects.get': ({ id }) => svc.get(id),
    'projects.update': (patch) => svc.update(patch),
    'projects.remove': async ({ id, purgeData, removeVolumes }) => ({ ok: true as const, removedContainers: await svc.remove(id, purgeData, removeVolumes) }),
    'stages.update': (patch) => svc.updateStage(patch),
  };
}
