export const projectTabs = ['stages', 'deploys', 'logs', 'files', 'rules', 'settings'] as const;
export type ProjectTab = (typeof projectTabs)[number];

export type Route =
  | { readonly page: 'projects' }
  | { readonly page: 'new-project' }
  | { readonly page: 'project'; readonly projectId: number; readonly tab: ProjectTab }
  | { readonly page: 'deliveries'; readonly deliveryId: number | null }
  | { readonly page: 'events' }
  | { readonly page: 'git' }
  | { readonly page: 'poller' }
  | { readonly page: 'settings' };

export type Section = 'projects' | 'deliveries' | 'events' | 'git' | 'poller' | 'settings';

const isTab = (s: string | undefined): s is ProjectTab => (projectTabs as readonly string[]).includes(s ?? '');
const positiveInt = (s: string | undefined): number | null => (s !== undefined && /^[1-9]\d{0,15}$/.test(s) ? Number(s) : null);

/** Reads `#/projects/3/logs` or a plain path (`/projects/3`, as toasts carry); unknown paths land on Projects. */
export function parseRoute(location: string): Route {
  const path = location.replace(/^#/, '').split('?')[0] ?? '';
  const [a, b, c] = path.split('/').filter((p) => p !== '');
  if (a === 'projects' && b === 'new') return { page: 'new-project' };
  if (a === 'projects') {
    const projectId = positiveInt(b);
    if (projectId !== null) return { page: 'project', projectId, tab: isTab(c) ? c : 'stages' };
    return { page: 'projects' };
  }
  if (a === 'deliveries') return { page: 'deliveries', deliveryId: positiveInt(b) };
  if (a === 'events') return { page: 'events' };
  if (a === 'git') return { page: 'git' };
  if (a === 'poller') return { page: 'poller' };
  if (a === 'settings') return { page: 'settings' };
  return { page: 'projects' };
}

export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'projects':
      return '#/projects';
    case 'new-project':
      return '#/projects/new';
    case 'project':
      return route.tab === 'stages' ? `#/projects/${String(route.projectId)}` : `#/projects/${String(route.projectId)}/${route.tab}`;
    case 'deliveries':
      return route.deliveryId === null ? '#/deliveries' : `#/deliveries/${String(route.deliveryId)}`;
    case 'events':
      return '#/events';
    case 'git':
      return '#/git';
    case 'poller':
      return '#/poller';
    case 'settings':
      return '#/settings';
  }
}

/** Which rail entry is current for a route. */
export function sectionOf(route: Route): Section {
  switch (route.page) {
    case 'projects':
    case 'new-project':
    case 'project':
      return 'projects';
    case 'deliveries':
      return 'deliveries';
    case 'events':
      return 'events';
    case 'git':
      return 'git';
    case 'poller':
      return 'poller';
    case 'settings':
      return 'settings';
  }
}
