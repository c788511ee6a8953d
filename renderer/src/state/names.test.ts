import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../preload/contract';
import { projectOptions, stageOptions, whereLabel } from './names';

const ev = (projectId: number | null, stageId: number | null): AppEvent => ({ id: 1, ts: 1, type: 't', level: 'info', message: '', projectId, stageId, deployId: null, data: {} });

const projects = new Map([[1, 'acme/web']]);
const stages = new Map([
  [10, { name: 'dev', projectId: 1 }],
  [11, { name: 'prod', projectId: 1 }],
]);

describe('names', () => {
  it('lists known projects and ids seen only in events', () => {
    expect(projectOptions([ev(2, null)], projects)).toEqual([
      { id: 1, name: 'acme/web' },
      { id: 2, name: 'project 2' },
    ]);
  });
  it('limits stages to the chosen project', () => {
    expect(stageOptions([ev(2, 20)], stages, 1).map((s) => s.name)).toEqual(['dev', 'prod']);
    expect(stageOptions([ev(2, 20)], stages, 2).map((s) => s.name)).toEqual(['stage 20']);
  });
  it('labels where an event happened', () => {
    expect(whereLabel(ev(1, 11), projects, stages)).toBe('acme/web · prod');
    expect(whereLabel(ev(1, null), projects, stages)).toBe('acme/web');
    expect(whereLabel(ev(null, null), projects, stages)).toBe('');
  });
});
