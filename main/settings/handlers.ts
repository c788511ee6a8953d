import { validate as validateCron } from 'node-cron';
import type { Settings, SettingsPatch, WebhookInfo } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import type { PartialHandlers } from '../dispatch/dispatch';
import type { EventBus } from '../events/bus';
import type { SettingsRepo } from '../store/settings-repo';
import type { WebhookListener } from '../inbound-webhook/listener';
import type { WebhookSecret } from '../inbound-webhook/secret';

export interface SettingsDeps {
  readonly settings: SettingsRepo;
  readonly secret: WebhookSecret;
  readonly listener: WebhookListener;
  readonly bus: EventBus;
  /** Services that must react to a change (engine endpoint, poll schedule, listener address). */
  readonly onChanged: (next: Settings, previous: Settings) => Promise<void> | void;
}

export function checkSettingsPatch(patch: SettingsPatch): void {
  if (patch.pollSchedule !== undefined && !validateCron(patch.pollSchedule)) {
    throw new AppError('INVALID_INPUT', `pollSchedule: "${patch.pollSchedule}" is not a cron expression. Example: "*/5 * * * *" (every 5 minutes).`);
  }
  for (const root of patch.allowedVolumeRoots ?? []) {
    if (!root.startsWith('/') && !/^[A-Za-z]:\\/.test(root)) {
      throw new AppError('INVALID_INPUT', `allowedVolumeRoots: "${root}" is not an absolute path.`);
    }
  }
}

export function webhookInfo(listener: WebhookListener): WebhookInfo {
  return { url: listener.url(), host: listener.host, port: listener.port, listening: listener.listening };
}

export function settingsHandlers(d: SettingsDeps): PartialHandlers<'settings.get' | 'settings.update' | 'webhook.info' | 'webhook.regenerate'> {
  return {
    'settings.get': () => d.settings.read(),
    'settings.update': async (patch) => {
      checkSettingsPatch(patch);
      const previous = d.settings.read();
      const next = d.settings.update(patch);
      await d.onChanged(next, previous);
      d.bus.emit({ type: 'settings.changed', message: `Settings changed: ${Object.keys(patch).join(', ')}`, data: { keys: Object.keys(patch) } });
      return next;
    },
    'webhook.info': () => webhookInfo(d.listener),
    'webhook.regenerate': () => {
      d.secret.regenerate();
      d.bus.emit({ type: 'webhook.regenerated', level: 'warn', message: 'Webhook URL regenerated; the old URL no longer works. Update your CI and registries.' });
      return webhookInfo(d.listener);
    },
  };
}
