import { describe, expect, it } from 'vitest';
import { unavailableBody } from './unavailable-page';

describe('unavailableBody', () => {
  it('answers 503 with a short HTML page by default', () => {
    const page = unavailableBody('no-target', 'stage:7', 'text/html,application/xhtml+xml,*/*');
    expect(page.status).toBe(503);
    expect(page.contentType).toMatch(/text\/html/);
    expect(page.body).toContain('no live instance for this stage yet');
    expect(page.body).toContain('stage:7');
  });

  it('answers JSON to API clients', () => {
    const page = unavailableBody('no-target', 'stage:7', 'application/json');
    expect(page.contentType).toMatch(/application\/json/);
    expect(JSON.parse(page.body)).toEqual({ error: 'no live instance for this stage yet', route: 'stage:7' });
  });

  it('answers 502 when the live instance does not answer', () => {
    expect(unavailableBody('bad-gateway', 'stage:7', undefined).status).toBe(502);
  });

  it('escapes the route key in HTML', () => {
    expect(unavailableBody('no-target', '<x>', undefined).body).not.toContain('<x>');
  });
});
