import type { PartialHandlers } from '../dispatch/dispatch';
import type { Engine } from '../docker/engine';
import type { SettingsRepo } from '../store/settings-repo';
import type { ComposeCli } from '../sources/compose/compose-cli';

export interface SystemDeps {
  readonly version: string;
  readonly mode: 'desktop' | 'headless';
  readonly dataDir: string;
  readonly startedAt: number;
  readonly engine: Engine;
  readonly settings: SettingsRepo;
  /** The Compose CLI found at start-up, if any. */
  readonly composeCli?: () => ComposeCli | null;
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
      composeCli: composeCliView(d.composeCli?.() ?? null),
    }),
    'system.checkEngine': () => d.engine.check(),
  };
}

/** The Compose CLI as Settings → Docker engine shows it. */
function composeCliView(cli: ComposeCli | null): { flavour: 'v1' | 'v2'; version: string; command: string } | null {
  return cli ? { flavour: cli.flavour, version: cli.version, command: cli.command.join(' ') } : null;
}
