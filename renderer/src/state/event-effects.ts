import type { AppEvent } from '../../../preload/contract';

/** What a store must reload when an event says its data changed elsewhere (another window, the tray, a webhook). */
export type Reload = 'settings' | 'webhook' | 'projects' | 'deliveries' | 'system' | 'hooks';

const byPrefix: readonly (readonly [string, readonly Reload[]])[] = [
  ['settings.', ['settings', 'system']],
  ['webhook.', ['webhook']],
  ['project.', ['projects']],
  ['stage.', ['projects']],
  ['deploy.', ['projects']],
  ['instance.', ['projects']],
  ['update.', ['projects']],
  ['delivery.', ['deliveries']],
  ['poller.', ['system']],
  ['hook.', ['hooks']],
];

export function reloadsFor(event: AppEvent): readonly Reload[] {
  const out = new Set<Reload>();
  for (const [prefix, reloads] of byPrefix) if (event.type.startsWith(prefix)) for (const r of reloads) out.add(r);
  return [...out];
}
