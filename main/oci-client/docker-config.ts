import { z } from 'zod';
import { DOCKER_HUB } from './image-ref';

/** What a registry accepts: a user and password/token, or an OAuth2 refresh ("identity") token. */
export type Credential =
  | { readonly username: string; readonly password: string }
  | { readonly identityToken: string; readonly username?: string };

/** Docker keeps Hub credentials under this legacy key (and hands it to credential helpers). */
export const HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

const AuthEntrySchema = z
  .object({
    auth: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    identitytoken: z.string().optional(),
  })
  .loose();

/** `~/.docker/config.json`, only the parts that concern registry credentials. Unknown keys are kept. */
export const DockerConfigSchema = z
  .object({
    auths: z.record(z.string(), z.unknown()).optional(),
    credsStore: z.string().optional(),
    credHelpers: z.record(z.string(), z.string()).optional(),
  })
  .loose();
export type DockerConfig = z.infer<typeof DockerConfigSchema>;

/** The answer of `docker-credential-<name> get`. */
export const HelperAnswerSchema = z.object({
  ServerURL: z.string().optional(),
  Username: z.string(),
  Secret: z.string(),
});

/** Normalises a config key (`https://index.docker.io/v1/`, `http://host:5000/v2/`, `Host:5000`) to a registry name. */
export function configKeyToRegistry(key: string): string {
  const host = key
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split('/')[0]
    ?.toLowerCase() ?? '';
  return host === 'index.docker.io' || host === 'registry-1.docker.io' || host === 'registry.hub.docker.com'
    ? DOCKER_HUB
    : host;
}

/** The server address Docker tooling uses for a registry (helpers and the engine's authconfig). */
export const serverAddressFor = (registry: string): string => (registry === DOCKER_HUB ? HUB_CONFIG_KEY : registry);

function decodeAuthEntry(raw: unknown): Credential | null {
  const parsed = AuthEntrySchema.safeParse(raw);
  if (!parsed.success) return null;
  const e = parsed.data;
  let username = e.username;
  let password = e.password;
  if (e.auth !== undefined && e.auth !== '') {
    const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (e.identitytoken !== undefined && e.identitytoken !== '') {
    return username === undefined ? { identityToken: e.identitytoken } : { identityToken: e.identitytoken, username };
  }
  if (username !== undefined && username !== '' && password !== undefined) return { username, password };
  return null;
}

/** Credentials written inline in `auths` for a registry (exact key first, then normalised keys). */
export function authsCredential(config: DockerConfig, registry: string): Credential | null {
  const auths = config.auths ?? {};
  const exact = registry === DOCKER_HUB ? [HUB_CONFIG_KEY, DOCKER_HUB] : [registry];
  for (const key of exact) {
    const c = decodeAuthEntry(auths[key]);
    if (c) return c;
  }
  for (const [key, entry] of Object.entries(auths)) {
    if (configKeyToRegistry(key) !== registry) continue;
    const c = decodeAuthEntry(entry);
    if (c) return c;
  }
  return null;
}

/** Which credential helper, if any, Docker would ask for this registry (`credHelpers` before `credsStore`). */
export function helperFor(config: DockerConfig, registry: string): string | null {
  const helpers = config.credHelpers ?? {};
  for (const [key, name] of Object.entries(helpers)) {
    if (configKeyToRegistry(key) === registry && name !== '') return name;
  }
  return config.credsStore !== undefined && config.credsStore !== '' ? config.credsStore : null;
}

/** Interprets a helper's answer; `<token>` as user name means the secret is an identity token (Docker's convention). */
export function credentialFromHelper(raw: unknown): Credential | null {
  const parsed = HelperAnswerSchema.safeParse(raw);
  if (!parsed.success || parsed.data.Secret === '') return null;
  const { Username, Secret } = parsed.data;
  return Username === '<token>' ? { identityToken: Secret } : { username: Username, password: Secret };
}
