import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, sectionOf, type Route } from './route-model';

describe('parseRoute', () => {
  it('reads hash and plain paths', () => {
    expect(parseRoute('#/projects/3/logs')).toEqual({ page: 'project', projectId: 3, tab: 'logs' });
    expect(parseRoute('/projects/3')).toEqual({ page: 'project', projectId: 3, tab: 'stages' });
    expect(parseRoute('#/deliveries/12')).toEqual({ page: 'deliveries', deliveryId: 12 });
    expect(parseRoute('#/projects/new')).toEqual({ page: 'new-project' });
  });
  it('falls back to Projects on anything unknown', () => {
    expect(parseRoute('')).toEqual({ page: 'projects' });
    expect(parseRoute('#/nope')).toEqual({ page: 'projects' });
    expect(parseRoute('#/projects/-1')).toEqual({ page: 'projects' });
    expect(parseRoute('#/projects/3/bogus')).toEqual({ page: 'project', projectId: 3, tab: 'stages' });
  });
});

describe('formatRoute', () => {
  it('round-trips every page', () => {
    const routes: Route[] = [
      { page: 'projects' },
      { page: 'new-project' },
      { page: 'project', projectId: 4, tab: 'stages' },
      { page: 'project', projectId: 4, tab: 'files' },
      { page: 'deliveries', deliveryId: null },
      { page: 'deliveries', deliveryId: 9 },
      { page: 'events' },
      { page: 'settings' },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });
  it('maps pages to rail sections', () => {
    expect(sectionOf({ page: 'project', projectId: 1, tab: 'logs' })).toBe('projects');
    expect(sectionOf({ page: 'deliveries', deliveryId: null })).toBe('deliveries');
  });
});
