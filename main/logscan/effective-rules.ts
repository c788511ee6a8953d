import type { LogRule } from '../../preload/contract';

/**
 * The rules that apply to one project: every global rule unless the project overrides it
 * (an override replaces it, or turns it off when disabled), plus the project's own rules.
 */
export function effectiveRules(all: readonly LogRule[], projectId: number): LogRule[] {
  const overridden = new Set(all.filter((r) => r.projectId === projectId && r.overrides !== null).map((r) => r.overrides));
  const globals = all.filter((r) => r.projectId === null && !overridden.has(r.id));
  const own = all.filter((r) => r.projectId === projectId);
  return [...globals, ...own].filter((r) => r.enabled);
}
