import { describe, expect, it } from 'vitest';
import { explainPullError, PullTracker } from './pull-progress';

describe('PullTracker', () => {
  it('sums bytes per layer and completes finished layers', () => {
    const t = new PullTracker();
    t.add({ status: 'Pulling from acme/web', id: '1.0' });
    t.add({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 10, total: 100 } });
    t.add({ status: 'Downloading', id: 'bbbbbbbbbbbb', progressDetail: { current: 5, total: 50 } });
    t.add({ status: 'Pull complete', id: 'bbbbbbbbbbbb', progressDetail: {} });
    const s = t.summary();
    expect(s.layers).toHaveLength(2);
    expect(s.current).toBe(60);
    expect(s.total).toBe(150);
  });
});

describe('explainPullError', () => {
  const explain = (m: string): string => explainPullError(m, 'localhost:5000/acme/web:1.0', 'localhost:5000/acme/web', 'localhost:5000');
  it('says what to do', () => {
    expect(explain('unauthorized: authentication required')).toMatch(/^pull unauthorized for localhost:5000\/acme\/web — add credentials/);
    expect(explain('manifest for localhost:5000/acme/web:1.0 not found: manifest unknown')).toMatch(/was not found in the registry/);
    expect(explain('Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused')).toMatch(/unreachable/);
    expect(explain('something odd')).toBe('pulling localhost:5000/acme/web:1.0 failed: something odd');
  });
});
