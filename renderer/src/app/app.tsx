import { useEffect, type ReactElement } from 'react';
import { DeliveriesPage } from '../features/deliveries/deliveries-page';
import { EventsPage } from '../features/events/events-page';
import { GitPage } from '../features/git/git-page';
import { PollerPage } from '../features/poller/poller-page';
import { ProjectsPage } from '../features/project-list/projects-page';
import { SettingsPage } from '../features/settings/settings-page';
import type { Route } from '../state/route-model';
import { useRoute, watchHash } from '../state/route-store';
import { installSlashFocus } from '../ui/slash-focus';
import { Toasts } from '../ui/toasts';
import { Rail } from './rail';
import { StreamBanner } from './stream-banner';
import { useTheme } from './use-theme';

function Page({ route }: { readonly route: Route }): ReactElement {
  switch (route.page) {
    case 'projects':
    case 'new-project':
    case 'project':
      return <ProjectsPage route={route} />;
    case 'deliveries':
      return <DeliveriesPage deliveryId={route.deliveryId} />;
    case 'events':
      return <EventsPage />;
    case 'git':
      return <GitPage />;
    case 'poller':
      return <PollerPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App(): ReactElement {
  const route = useRoute((s) => s.route);
  useTheme();
  useEffect(() => watchHash(), []);
  useEffect(() => installSlashFocus(), []);
  return (
    <div className="shell">
      <Rail />
      <main className="content">
        <StreamBanner />
        <Page route={route} />
      </main>
      <Toasts />
    </div>
  );
}
