import type { ApiClient } from '../api/client';
import { useProjects } from './projects-store';
import { startLogFeed } from '../features/logs/log-feed';
import { reloadsFor, type Reload } from './event-effects';
import { useEvents } from './events-store';
import { useSettings } from './settings-store';
import { useSystem } from './system-store';
import { useToasts } from './toasts-store';

type Reloader = () => Promise<void>;

const reloaders = new Map<Reload, Reloader>([
  ['settings', () => useSettings.getState().load()],
  ['webhook', () => useSettings.getState().loadWebhook()],
  ['system', () => useSystem.getState().load()],
  ['projects', () => useProjects.getState().load()],
]);

const ENDED = new Set(['deploy.succeeded', 'deploy.failed', 'deploy.skipped', 'deploy.superseded']);

/** Wires every push topic to its store. The renderer never polls: the stream says when something changed. */
export function startFeeds(client: ApiClient): () => void {
  const offs = [
    client.onStreamState((state) => {
      useSystem.getState().setStream(state);
      // After a reconnect: fill any gap beyond what the server replayed, and refresh live state.
      if (state === 'open') void Promise.all([useEvents.getState().fillGap(), useSystem.getState().load()]);
    }),
    client.subscribe('event', (event) => {
      useEvents.getState().receive(event);
      if (event.deployId !== null && ENDED.has(event.type)) useProjects.getState().deployEnded(event.deployId);
      for (const kind of reloadsFor(event)) void reloaders.get(kind)?.();
    }),
    client.subscribe('engine.status', (engine) => useSystem.getState().setEngine(engine)),
    client.subscribe('toast', (toast) => useToasts.getState().show(toast)),
    client.subscribe('deploy.progress', (p) => useProjects.getState().receiveProgress(p)),
    startLogFeed(client),
  ];
  void Promise.all([useSystem.getState().load(), useSettings.getState().load(), useSettings.getState().loadWebhook(), useEvents.getState().load(), useProjects.getState().load()]);
  return () => {
    for (const off of offs) off();
  };
}
