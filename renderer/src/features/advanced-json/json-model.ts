import type { z } from 'zod';
import { ComposeProjectCreateSchema, ProjectCreateSchema, ProjectUpdateSchema, StaticProjectCreateSchema, type Project, type ProjectUpdate } from '../../../../preload/contract/projects';

export type JsonCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly string[] };

/** The text as JSON checked against a contract schema: the value, or one sentence per problem ("stages.0.name: …"). */
export function checkJson<S extends z.ZodType>(text: string, schema: S): JsonCheck<z.output<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.length === 0 ? 'the definition' : i.path.map(String).join('.')}: ${i.message}`) };
}

/**
 * The create schema for the definition's own `kind`, so a mistake is reported against that kind's fields
 * rather than as "matches none of image, static, compose".
 */
export function createSchemaFor(text: string): z.ZodType {
  const kind = /"kind"\s*:\s*"(\w+)"/.exec(text)?.[1];
  return kind === 'static' ? StaticProjectCreateSchema : kind === 'compose' ? ComposeProjectCreateSchema : ProjectCreateSchema;
}

/** Pretty JSON for the editor. */
export const toJsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The part of a project `projects.update` can change, as the Advanced JSON editor shows it (secret values are never shown, so never sent back). */
export function patchOf(p: Project): Omit<ProjectUpdate, 'id'> {
  if (p.kind === 'static') return { name: p.name };
  if (p.kind === 'compose') {
    return {
      name: p.name,
      health: p.health,
      env: p.env,
      warmRollbackSec: p.warmRollbackSec,
      ...(p.compose ? { compose: p.compose.yaml, allowHostAccess: p.compose.allowHostAccess } : {}),
    };
  }
  return {
    name: p.name,
    port: p.port,
    ports: p.ports,
    health: p.health,
    env: p.env,
    volumes: p.volumes,
    limits: p.limits,
    pullPolicy: p.pullPolicy,
    restartPolicy: p.restartPolicy,
    stopTimeoutSec: p.stopTimeoutSec,
    init: p.init,
    warmRollbackSec: p.warmRollbackSec,
    run: p.run,
  };
}

/** `projects.update` without the id, which the page supplies. */
export const PatchSchema = ProjectUpdateSchema.omit({ id: true });
