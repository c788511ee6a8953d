import { useProjects } from '../../state/projects-store';
import { api } from '../../state/client-ref';

/** Stage actions; each reloads the projects so the card shows the queued deploy at once. */
export const stageCommands = {
  deploy: async (stageId: number, tag: string) => {
    const d = await api().call('stages.deploy', { stageId, tag });
    await useProjects.getState().load();
    return d;
  },
  promote: async (stageId: number) => {
    const d = await api().call('stages.promote', { stageId });
    await useProjects.getState().load();
    return d;
  },
  rollback: async (stageId: number) => {
    const d = await api().call('stages.rollback', { stageId });
    await useProjects.getState().load();
    return d;
  },
  restart: async (stageId: number) => {
    const d = await api().call('stages.restart', { stageId });
    await useProjects.getState().load();
    return d;
  },
  stop: async (stageId: number) => {
    await api().call('stages.stop', { stageId });
    await useProjects.getState().load();
  },
  setAutoDeploy: async (stageId: number, autoDeploy: boolean) => {
    await api().call('stages.update', { stageId, autoDeploy });
    await useProjects.getState().load();
  },
};
