import { callFeature } from '../../api/feature-calls';
import { useProjects } from '../../state/projects-store';

/** Stage actions; each reloads the projects so the card shows the queued deploy at once. */
export const stageCommands = {
  deploy: async (stageId: number, tag: string) => {
    const d = await callFeature('stages.deploy', { stageId, tag });
    await useProjects.getState().load();
    return d;
  },
  promote: async (stageId: number) => {
    const d = await callFeature('stages.promote', { stageId });
    await useProjects.getState().load();
    return d;
  },
  rollback: async (stageId: number) => {
    const d = await callFeature('stages.rollback', { stageId });
    await useProjects.getState().load();
    return d;
  },
  restart: async (stageId: number) => {
    const d = await callFeature('stages.restart', { stageId });
    await useProjects.getState().load();
    return d;
  },
  stop: async (stageId: number) => {
    await callFeature('stages.stop', { stageId });
    await useProjects.getState().load();
  },
  setAutoDeploy: async (stageId: number, autoDeploy: boolean) => {
    await callFeature('stages.update', { stageId, autoDeploy });
    await useProjects.getState().load();
  },
};
