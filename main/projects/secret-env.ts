import type { Env, SecretEnvInput } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';

/** Secret variables as stored: name → sealed value (opaque here; only the secret box opens it). */
export type SealedEnv = Readonly<Record<string, string>>;

/** One level's variables (a project's, or a stage's overrides): plain ones and sealed secret ones. */
export interface EnvLevel {
  readonly env: Env;
  readonly secretEnv: SealedEnv;
}

const MAX_VARIABLES = 500;

/**
 * The variables after a create (`current` null) or an update. `env` absent keeps the plain ones; `secretEnv`
 * absent keeps the secret ones; a secret given as null keeps its saved value. `where` prefixes errors
 * (e.g. "stages.1.").
 */
export function nextEnv(current: EnvLevel | null, patch: { env?: Env; secretEnv?: SecretEnvInput }, seal: (plain: string) => string, where = ''): EnvLevel {
  const saved = current?.secretEnv ?? {};
  const env = patch.env ?? current?.env ?? {};
  const secretEnv: Record<string, string> = {};
  if (patch.secretEnv === undefined) Object.assign(secretEnv, saved);
  else {
    for (const [name, value] of Object.entries(patch.secretEnv)) {
      if (value !== null) secretEnv[name] = seal(value);
      else if (saved[name] !== undefined) secretEnv[name] = saved[name];
      else throw bad(`${where}secretEnv.${name}: there is no saved value to keep; give the value.`);
    }
  }
  for (const name of Object.keys(env)) {
    if (secretEnv[name] === undefined) continue;
    throw bad(
      patch.secretEnv === undefined
        ? `${where}env.${name}: ${name} is a secret variable. To make it plain, send secretEnv without it; to change its value, send it in secretEnv.`
        : `${where}env.${name}: ${name} is in both env and secretEnv; keep it in one of them.`,
    );
  }
  const count = Object.keys(env).length + Object.keys(secretEnv).length;
  if (count > MAX_VARIABLES) throw bad(`${where}env: ${String(count)} variables with the secret ones; at most ${String(MAX_VARIABLES)}.`);
  return { env, secretEnv };
}

/** The variables a container gets from one level: the plain ones and the opened secret ones. */
export function openLevel(level: EnvLevel, open: (sealed: string) => string, describe: string): Env {
  const out: Record<string, string> = { ...level.env };
  for (const [name, sealed] of Object.entries(level.secretEnv)) {
    try {
      out[name] = open(sealed);
    } catch (error) {
      throw new Error(`the secret variable ${name} of ${describe} cannot be opened (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return out;
}

/** What the API shows of secret variables: the names, each with null, never a value. */
export function maskedSecretEnv(secretEnv: SealedEnv): Record<string, null> {
  return Object.fromEntries(Object.keys(secretEnv).map((name) => [name, null]));
}

function bad(message: string): AppError {
  return new AppError('INVALID_INPUT', message);
}
