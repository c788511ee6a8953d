import type { Stage } from '../../../../preload/contract/projects';

/** A stage and the stages that promote from it, for drawing a branching chain as a tree. */
export interface ChainNode {
  readonly stage: Stage;
  readonly children: readonly ChainNode[];
}

/**
 * The chain as a tree: dev → staging and dev → qa → prod is dev with two branches. Roots are stages
 * without an upstream (or whose upstream is gone); siblings by id. A stage in an upstream cycle,
 * which the API refuses but an old store might hold, becomes a root so that every stage is drawn once.
 */
export function chainTree(stages: readonly Stage[]): readonly ChainNode[] {
  const ids = new Set(stages.map((s) => s.id));
  const byUpstream = new Map<number, Stage[]>();
  for (const s of [...stages].sort((a, b) => a.id - b.id)) {
    if (s.upstreamStageId === null || !ids.has(s.upstreamStageId)) continue;
    byUpstream.set(s.upstreamStageId, [...(byUpstream.get(s.upstreamStageId) ?? []), s]);
  }
  const drawn = new Set<number>();
  const node = (stage: Stage): ChainNode => {
    drawn.add(stage.id);
    const children = (byUpstream.get(stage.id) ?? []).filter((c) => !drawn.has(c.id)).map(node);
    return { stage, children };
  };
  const roots = stages.filter((s) => s.upstreamStageId === null || !ids.has(s.upstreamStageId)).sort((a, b) => a.id - b.id).map(node);
  for (const s of [...stages].sort((a, b) => a.id - b.id)) if (!drawn.has(s.id)) roots.push(node(s));
  return roots;
}

/** The tree's shape in one line, e.g. "dev → (staging | qa → prod)": for labels and tests. */
export function chainText(nodes: readonly ChainNode[]): string {
  const one = (n: ChainNode): string => {
    if (n.children.length === 0) return n.stage.name;
    const rest = n.children.length === 1 && n.children[0] ? one(n.children[0]) : `(${n.children.map(one).join(' | ')})`;
    return `${n.stage.name} → ${rest}`;
  };
  return nodes.map(one).join(', ');
}
