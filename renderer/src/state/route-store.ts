import { create } from 'zustand';
import { formatRoute, parseRoute, type Route } from './route-model';

interface RouteState {
  readonly route: Route;
  go: (route: Route) => void;
  /** A route as a path (`/projects/3`), e.g. from a toast or a notification click. */
  goPath: (path: string) => void;
}

/** Hash routes work the same under app:// (desktop) and http:// (headless). */
export const useRoute = create<RouteState>()((set) => ({
  route: parseRoute(typeof window === 'undefined' ? '' : window.location.hash),
  go(route) {
    const hash = formatRoute(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route });
  },
  goPath(path) {
    useRoute.getState().go(parseRoute(path));
  },
}));

export function watchHash(): () => void {
  const onHash = (): void => useRoute.setState({ route: parseRoute(window.location.hash) });
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}
