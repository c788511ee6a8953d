import type { ProjectKind } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import type { Source } from './source';

/**
 * Every project kind's source (main/sources/<kind>/), or null for a kind this build cannot deploy.
 * Adding a kind means its folder, its entry here (built in main/deployments/create.ts) and its form.
 */
export type SourceRegistry = Readonly<Record<ProjectKind, Source | null>>;

/** The source of a kind, or a clear error for a kind this build does not carry. */
export function sourceFor(registry: SourceRegistry, kind: ProjectKind): Source {
  const source = registry[kind];
  if (!source) throw new AppError('CONFLICT', `This build cannot deploy ${kind} projects. Update Slipway to a version that supports them, or remove the project.`);
  return source;
}
