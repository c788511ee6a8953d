import type { Env, SecretEnvInput } from '../../../../preload/contract/projects';

/**
 * One variable in an env editor. A saved secret's value never comes back from the API: such a row is
 * `saved` (shown as hidden) until the user replaces it, and is sent as null (keep the saved value).
 */
export interface EnvRow {
  readonly key: number;
  readonly name: string;
  readonly value: string;
  readonly secret: boolean;
  /** A secret whose value is saved and unknown here; typing a new value clears this. */
  readonly saved: boolean;
}

let nextKey = 1;
const newKey = (): number => nextKey++;

export const blankRow = (): EnvRow => ({ key: newKey(), name: '', value: '', secret: false, saved: false });

/** Rows for what the API answered: plain variables with their values, secret ones by name only. */
export function rowsOf(env: Env, secretEnv: Readonly<Record<string, null>> | undefined): EnvRow[] {
  return [
    ...Object.entries(env).map(([name, value]) => ({ key: newKey(), name, value, secret: false, saved: false })),
    ...Object.keys(secretEnv ?? {}).map((name) => ({ key: newKey(), name, value: '', secret: true, saved: true })),
  ].sort((a, b) => a.name.localeCompare(b.name));
}

/** Replace a saved secret: the row now takes a typed value. */
export const replaceRow = (r: EnvRow): EnvRow => ({ ...r, saved: false, value: '' });

/** Turning the secret flag off needs the value typed again (a saved one is never sent back). */
export const setSecret = (r: EnvRow, secret: boolean): EnvRow => (secret || !r.saved ? { ...r, secret } : { ...r, secret, saved: false, value: '' });

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Errors by row key (name problems) or a value for the update: `env` and `secretEnv` as the contract takes them. */
export function toEnvInput(rows: readonly EnvRow[]): { readonly env: Env; readonly secretEnv: SecretEnvInput } | { readonly errors: ReadonlyMap<number, string> } {
  const errors = new Map<number, string>();
  const seen = new Set<string>();
  const env: Record<string, string> = {};
  const secretEnv: Record<string, string | null> = {};
  for (const r of rows) {
    const name = r.name.trim();
    if (name === '' && r.value === '' && !r.saved) continue; // an empty row added by mistake
    if (name === '') errors.set(r.key, 'Give the variable a name.');
    else if (!ENV_KEY.test(name)) errors.set(r.key, `"${name}" is not a variable name: letters, digits and "_", not starting with a digit.`);
    else if (seen.has(name)) errors.set(r.key, `${name} is listed twice; keep one.`);
    seen.add(name);
    if (r.secret) secretEnv[name] = r.saved ? null : r.value;
    else env[name] = r.value;
  }
  return errors.size > 0 ? { errors } : { env, secretEnv };
}
