import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../../preload/contract/projects';
import { chainText, chainTree } from './chain-tree';
import { stage as base } from './stage-fixture';

const stage = (id: number, name: string, upstreamStageId: number | null = null): Stage => base(id, name, upstreamStageId, { live: null });

describe('chainTree', () => {
  it('draws a straight chain as one branch', () => {
    expect(chainText(chainTree([stage(3, 'prod', 2), stage(1, 'dev'), stage(2, 'staging', 1)]))).toBe('dev → staging → prod');
  });

  it('draws dev → staging and dev → qa → prod as dev with two branches, not one line', () => {
    const tree = chainTree([stage(1, 'dev'), stage(2, 'staging', 1), stage(3, 'qa', 1), stage(4, 'prod', 3)]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children.map((c) => c.stage.name)).toEqual(['staging', 'qa']);
    expect(chainText(tree)).toBe('dev → (staging | qa → prod)');
  });

  it('keeps unrelated stages and stages whose upstream is gone as their own roots', () => {
    expect(chainText(chainTree([stage(1, 'dev'), stage(2, 'preview'), stage(3, 'orphan', 99)]))).toBe('dev, preview, orphan');
  });

  it('draws every stage of an upstream cycle once', () => {
    const tree = chainTree([stage(1, 'a', 2), stage(2, 'b', 1), stage(3, 'c')]);
    expect(chainText(tree)).toBe('c, a → b');
  });
});
