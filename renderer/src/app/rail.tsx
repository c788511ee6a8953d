import type { ReactElement } from 'react';
import { sectionOf, type Route, type Section } from '../state/route-model';
import { useRoute } from '../state/route-store';
import { Icon, type IconName } from '../ui/icons';
import { RailStates } from './rail-states';

const entries: readonly { readonly section: Section; readonly label: string; readonly icon: IconName; readonly route: Route }[] = [
  { section: 'projects', label: 'Projects', icon: 'projects', route: { page: 'projects' } },
  { section: 'deliveries', label: 'Deliveries', icon: 'deliveries', route: { page: 'deliveries', deliveryId: null } },
  { section: 'events', label: 'Events', icon: 'events', route: { page: 'events' } },
  { section: 'git', label: 'Git', icon: 'git', route: { page: 'git' } },
  { section: 'poller', label: 'Poller', icon: 'poller', route: { page: 'poller' } },
  { section: 'settings', label: 'Settings', icon: 'settings', route: { page: 'settings' } },
];

export function Rail(): ReactElement {
  const route = useRoute((s) => s.route);
  const go = useRoute((s) => s.go);
  const current = sectionOf(route);
  return (
    <aside className="rail">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark" />
        Slipway
      </div>
      <nav aria-label="Sections">
        <ul>
          {entries.map((e) => (
            <li key={e.section}>
              <a
                href={`#/${e.section}`}
                className="rail-link"
                aria-current={current === e.section ? 'page' : undefined}
                onClick={(ev) => {
                  ev.preventDefault();
                  go(e.route);
                }}
              >
                <Icon name={e.icon} />
                {e.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <RailStates />
    </aside>
  );
}
