import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../preload/contract';
import { reloadsFor } from './event-effects';

const ev = (type: string): AppEvent => ({ id: 1, ts: 1, type, level: 'info', message: '', projectId: null, stageId: null, deployId: null, data: {} });

describe('reloadsFor', () => {
  it('reloads settings and system status on a settings change', () => {
    expect(reloadsFor(ev('settings.changed'))).toEqual(['settings', 'system']);
  });
  it('reloads projects on deploy and stage events', () => {
    expect(reloadsFor(ev('deploy.succeeded'))).toEqual(['projects']);
    expect(reloadsFor(ev('stage.rolled-back'))).toEqual(['projects']);
  });
  it('reloads nothing for plain log lines', () => {
    expect(reloadsFor(ev('app.started'))).toEqual([]);
  });
});
