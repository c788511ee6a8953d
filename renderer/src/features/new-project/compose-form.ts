import type { MethodInput, MethodOutput } from '../../../../preload/contract';
import { toStages, type FieldErrors, type StageRow } from './project-form';

export interface ComposeForm {
  /** The tracked repository: services whose image names it are swapped blue-green. */
  readonly image: string;
  readonly name: string;
  readonly yaml: string;
  readonly allowHostAccess: boolean;
}

export const emptyComposeForm = (): ComposeForm => ({ image: '', name: '', yaml: '', allowHostAccess: false });

export type ComposeCheck = MethodOutput<'compose.check'>;
export type ComposeProblem = ComposeCheck['problems'][number];

/** The compose form as the projects.create input, or which fields to fill first. */
export function toComposeInput(f: ComposeForm, stageRows: readonly StageRow[]): { readonly input: MethodInput<'projects.create'> } | { readonly errors: FieldErrors } {
  const errors: Record<string, string> = {};
  if (f.image.trim() === '') errors['image'] = 'Give the tracked image repository, e.g. localhost:5000/acme/web.';
  if (f.yaml.trim() === '') errors['compose'] = 'Paste or type the compose file: a services map, each service with an image.';
  const stages = toStages(stageRows, errors);
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      kind: 'compose',
      image: f.image.trim(),
      compose: f.yaml,
      allowHostAccess: f.allowHostAccess,
      ...(f.name.trim() === '' ? {} : { name: f.name.trim() }),
      stages,
    },
  };
}

/** "Line 4 · web: build: is not supported yet" — where a problem is, then what it is. */
export function problemText(p: ComposeProblem): string {
  const where = [p.line === null ? null : `Line ${String(p.line)}`, p.service].filter((x) => x !== null).join(' · ');
  return where === '' ? p.message : `${where}: ${p.message}`;
}

/** The lines the editor marks. */
export const problemLines = (problems: readonly ComposeProblem[]): ReadonlySet<number> => new Set(problems.flatMap((p) => (p.line === null ? [] : [p.line])));
