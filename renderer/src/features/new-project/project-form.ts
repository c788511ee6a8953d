import type { z } from 'zod';
import type { ProjectCreateSchema, VolumeScope } from '../../../../preload/contract/projects';
import type { ImageFacts } from '../../api/registry-calls';

export type ProjectCreateInput = z.input<typeof ProjectCreateSchema>;

export type HealthKind = 'auto' | 'http' | 'tcp' | 'docker' | 'running';

export interface StageRow {
  readonly key: number;
  readonly name: string;
  readonly tagPattern: string;
  readonly autoDeploy: boolean;
  readonly publicPort: string;
  readonly maxInstances: string;
  readonly upstream: string;
}

export interface EnvRow {
  readonly key: number;
  readonly name: string;
  readonly value: string;
}

export interface VolumeRow {
  readonly key: number;
  readonly scope: VolumeScope;
  readonly target: string;
  readonly source: string;
  readonly readOnly: boolean;
}

export interface ProjectForm {
  readonly image: string;
  readonly name: string;
  readonly port: string;
  /** Extra container ports, e.g. "9090, 9091". */
  readonly ports: string;
  readonly healthKind: HealthKind;
  readonly healthPath: string;
  readonly stages: readonly StageRow[];
  readonly env: readonly EnvRow[];
  readonly volumes: readonly VolumeRow[];
  readonly cpus: string;
  readonly memoryMb: string;
}

let nextKey = 1;
export const newKey = (): number => nextKey++;

export const emptyForm = (): ProjectForm => ({
  image: '',
  name: '',
  port: '',
  ports: '',
  healthKind: 'auto',
  healthPath: '/',
  stages: [{ key: newKey(), name: 'dev', tagPattern: '*', autoDeploy: true, publicPort: '', maxInstances: '2', upstream: '' }],
  env: [],
  volumes: [],
  cpus: '',
  memoryMb: '',
});

/** Errors keyed by the contract's field path ("stages.0.name"), plus "form" for the rest. */
export type FieldErrors = Readonly<Record<string, string>>;

const int = (s: string): number | null => (/^\s*\d+\s*$/.test(s) ? Number(s) : null);

/** The stage rows as the contract takes them; what is not a number goes into `errors` under the row's field. */
export function toStages(rows: readonly StageRow[], errors: Record<string, string>) {
  return rows.map((s, i) => {
    const publicPort = s.publicPort.trim() === '' ? undefined : (int(s.publicPort) ?? NaN);
    if (Number.isNaN(publicPort)) errors[`stages.${String(i)}.publicPort`] = 'A port is a whole number; leave it empty to pick a free one.';
    const maxInstances = int(s.maxInstances);
    if (maxInstances === null) errors[`stages.${String(i)}.maxInstances`] = 'How many instances to keep: a whole number from 1.';
    return {
      name: s.name.trim(),
      tagPattern: s.tagPattern.trim(),
      autoDeploy: s.autoDeploy,
      ...(publicPort !== undefined && !Number.isNaN(publicPort) ? { publicPort } : {}),
      maxInstances: maxInstances ?? 1,
      upstream: s.upstream === '' ? null : s.upstream,
    };
  });
}

/** Turns the form into the projects.create input, or says which fields are not numbers/filled. */
export function toCreateInput(f: ProjectForm): { readonly input: ProjectCreateInput } | { readonly errors: FieldErrors } {
  const errors: Record<string, string> = {};
  if (f.image.trim() === '') errors['image'] = 'Give the image repository, e.g. localhost:5000/acme/web.';
  const port = f.port.trim() === '' ? null : int(f.port);
  if (f.port.trim() !== '' && port === null) errors['port'] = 'The container port is a whole number, e.g. 8080.';
  const ports = extraPorts(f.ports);
  if (ports === null) errors['ports'] = 'Extra ports are whole numbers separated by commas, e.g. 9090, 9091.';
  const stages = toStages(f.stages, errors);
  const env: Record<string, string> = {};
  f.env.forEach((e, i) => {
    if (e.name.trim() === '') {
      if (e.value !== '') errors[`env.${String(i)}`] = 'Give the variable a name.';
      return;
    }
    env[e.name.trim()] = e.value;
  });
  const volumes = f.volumes.map((v) => ({ scope: v.scope, target: v.target.trim(), readOnly: v.readOnly, ...(v.source.trim() === '' ? {} : { source: v.source.trim() }) }));
  const cpus = f.cpus.trim() === '' ? undefined : Number(f.cpus);
  if (cpus !== undefined && !(cpus > 0)) errors['limits.cpus'] = 'CPUs is a number of cores, e.g. 0.5.';
  const memoryMb = f.memoryMb.trim() === '' ? undefined : (int(f.memoryMb) ?? NaN);
  if (Number.isNaN(memoryMb)) errors['limits.memoryMb'] = 'Memory is a whole number of MB.';
  if (Object.keys(errors).length > 0) return { errors };
  const health =
    f.healthKind === 'auto'
      ? undefined
      : f.healthKind === 'http'
        ? { kind: 'http' as const, path: f.healthPath.trim() || '/' }
        : { kind: f.healthKind };
  return {
    input: {
      image: f.image.trim(),
      ...(f.name.trim() === '' ? {} : { name: f.name.trim() }),
      ...(port === null ? {} : { port }),
      ...(ports === null || ports.length === 0 ? {} : { ports }),
      ...(health === undefined ? {} : { health }),
      env,
      volumes,
      limits: { ...(cpus === undefined ? {} : { cpus }), ...(memoryMb === undefined || Number.isNaN(memoryMb) ? {} : { memoryMb }) },
      stages,
    },
  };
}

/** "9090, 9091" (commas or spaces) → [9090, 9091]; null when one is not a whole number. */
export function extraPorts(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((s) => s !== '');
  const out = parts.map(int);
  return out.every((p) => p !== null) ? out : null;
}

/** Where the contract's validation issues belong; anything without a field goes to "form". */
export function errorsFromIssues(message: string, details: unknown): FieldErrors {
  const issues = (details as { issues?: { path?: unknown[]; message?: string }[] } | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return { form: message };
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = Array.isArray(i.path) && i.path.length > 0 ? i.path.map(String).join('.') : 'form';
    out[key] ??= i.message ?? message;
  }
  return out;
}

/** A server message that names a field ("stages.1.publicPort: 8080 is taken …") goes next to that field. */
export function errorsFromMessage(message: string): FieldErrors {
  const m = /^([a-zA-Z]+(?:\.[a-zA-Z0-9]+)*): (.+)$/.exec(message);
  return m?.[1] !== undefined && m[2] !== undefined ? { [m[1]]: m[2] } : { form: message };
}

/** Pre-fills port and health from the image, keeping what the user typed already. */
export function prefill(f: ProjectForm, facts: ImageFacts): ProjectForm {
  const suggested = facts.suggestedPort ?? facts.exposedPorts[0] ?? null;
  const port = f.port === '' && suggested !== null ? String(suggested) : f.port;
  if (f.healthKind !== 'auto') return { ...f, port };
  const h = facts.suggestedHealth;
  if (h?.kind === 'http') return { ...f, port, healthKind: 'http', healthPath: h.path };
  if (h) return { ...f, port, healthKind: h.kind };
  return { ...f, port, healthKind: facts.hasHealthcheck ? 'docker' : 'auto' };
}

/** "localhost:5000/acme/web" → "web", the default project name. */
export function defaultName(image: string): string {
  const last = image.trim().split('/').pop() ?? '';
  return last.replace(/[:@].*$/, '').toLowerCase();
}
