import type { PartialHandlers } from '../dispatch/dispatch';
import type { Engine } from '../docker/engine';
import type { SettingsRepo } from '../store/settings-repo';

export interface SystemDeps {
  readonly version: string;
  readonly mode: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly startedAt: number;
  readonly engine: Engine;
  readonly settings: SettingsRepo;
}

export function systemHandlers(d: SystemDeps): PartialHandlers<'system.status' | 'system.checkEngine'> {
  return {
    'system.status': () => ({
      version: d.version,
      mode: d.mode,
      dataDir: d.dataDir,
      engine: d.engine.status,
      pollingPaused: d.settings.read().pollPaused,
      startedAt: d.startedAt,
    }),
    'system.checkEngine': () => d.engine.check(),
  };
}
