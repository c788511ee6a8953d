import { create } from 'zustand';
import type { Settings, SettingsPatch, WebhookInfo } from '../../../preload/contract';
import { errorMessage } from '../api/api-error';
import { api } from './client-ref';

interface SettingsState {
  readonly settings: Settings | null;
  readonly webhook: WebhookInfo | null;
  readonly error: string | null;
  load: () => Promise<void>;
  loadWebhook: () => Promise<void>;
  /** Saves a patch; throws the ApiError so the form can show it next to the field. */
  update: (patch: SettingsPatch) => Promise<Settings>;
  regenerateWebhook: () => Promise<WebhookInfo>;
}

export const useSettings = create<SettingsState>()((set) => ({
  settings: null,
  webhook: null,
  error: null,
  async load() {
    try {
      const settings = await api().call('settings.get', {});
      set({ settings, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async loadWebhook() {
    try {
      set({ webhook: await api().call('webhook.info', {}) });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async update(patch) {
    const settings = await api().call('settings.update', patch);
    set({ settings });
    return settings;
  },
  async regenerateWebhook() {
    const webhook = await api().call('webhook.regenerate', {});
    set({ webhook });
    return webhook;
  },
}));
