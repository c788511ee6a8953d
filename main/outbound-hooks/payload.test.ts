import { describe, expect, it } from 'vitest';
import { buildPayload } from './payload';

describe('buildPayload', () => {
  it('wraps an event as versioned JSON with the ids and message in data', () => {
    const p = buildPayload({
      id: 7,
      ts: Date.parse('2026-03-01T10:00:00.000Z'),
      type: 'deploy.succeeded',
      level: 'info',
      message: 'web/dev: 1.2 is live',
      projectId: 1,
      stageId: 2,
      deployId: 3,
      data: { tag: '1.2', digest: 'sha256:ab' },
    });
    expect(p).toEqual({
      type: 'deploy.succeeded',
      version: 1,
      timestamp: '2026-03-01T10:00:00.000Z',
      data: { tag: '1.2', digest: 'sha256:ab', eventId: 7, projectId: 1, stageId: 2, deployId: 3, message: 'web/dev: 1.2 is live' },
    });
  });
});
