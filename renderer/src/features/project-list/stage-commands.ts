import { useProjects } from '../../state/projects-store';
import { api } from '../../state/client-ref';

/** Runs a stage call, then reloads the projects so the card shows its effect (a queued deploy) at once. */
async function thenReload<T>(call: Promise<T>): Promise<T> {
  const result = await call;
  await useProjects.getState().load();
  return result;
}

/** Stage actions, each followed by a reload of the projects. */
export const stageCommands = {
  deploy: (stageId: number, tag: string) => thenReload(api().call('stages.deploy', { stageId, tag })),
  promote: (stageId: number) => thenReload(api().call('stages.promote', { stageId })),
  rollback: (stageId: number) => thenReload(api().call('stages.rollback', { stageId })),
  restart: (stageId: number) => thenReload(api().call('stages.restart', { stageId })),
  stop: async (stageId: number): Promise<void> => {
    await thenReload(api().call('stages.stop', { stageId }));
  },
  setAutoDeploy: async (stageId: number, autoDeploy: boolean): Promise<void> => {
    await thenReload(api().call('stages.update', { stageId, autoDeploy }));
  },
};
