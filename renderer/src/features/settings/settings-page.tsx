import type { ReactElement } from 'react';
import { useSettings } from '../../state/settings-store';
import { ErrorNote } from '../../ui/error-note';
import { DeploySection, EngineSection, ListenerSection, PollingSection } from './general-sections';
import { AppearanceSection, NotificationsSection } from './notifications-section';
import { HooksSection } from './hooks-section';
import { ImageCleanupSection } from './image-cleanup-section';
import { ChannelsSection } from './channels-section';
import { LogRulesPanel } from '../log-rules/log-rules-panel';
import { ScanHealth } from '../log-rules/scan-health';
import { WebhookSection } from './webhook-section';
import { RegistriesSection } from '../registries/registries-section';
import { GitCredentialsSection } from '../git-credentials/git-credentials-section';
import { EnginesSection } from '../engines/engines-section';

export function SettingsPage(): ReactElement {
  const settings = useSettings((s) => s.settings);
  const error = useSettings((s) => s.error);
  return (
    <section className="page page-scroll" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      {error !== null && <ErrorNote message={error} />}
      <div className="settings">
        <WebhookSection />
        {settings && (
          <>
            <ListenerSection s={settings} />
            <RegistriesSection />
            <GitCredentialsSection />
            <PollingSection s={settings} />
            <EngineSection s={settings} />
            <EnginesSection />
            <DeploySection s={settings} />
            <ImageCleanupSection />
            <NotificationsSection s={settings} />
            <HooksSection />
            <ChannelsSection />
            <LogRulesPanel projectId={null} />
            <ScanHealth />
            <AppearanceSection s={settings} />
          </>
        )}
      </div>
    </section>
  );
}
