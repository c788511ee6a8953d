import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { AppError } from '../dispatch/app-error';
import {
  type Credential,
  type DockerConfig,
  DockerConfigSchema,
  authsCredential,
  credentialFromHelper,
  helperFor,
  serverAddressFor,
} from './docker-config';
import { DOCKER_HUB } from './image-ref';

export type { Credential } from './docker-config';

export interface ResolveOptions {
  /** Defaults to `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
  readonly configPath?: string;
  /** Credentials from Slipway's settings, keyed by registry (`localhost:5000`, `docker.io`). They win. */
  readonly extra?: ReadonlyMap<string, Credential>;
  /** How long a credential helper may take. */
  readonly helperTimeoutMs?: number;
}

export const defaultDockerConfigPath = (): string =>
  join(process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');

/** Reads and validates the Docker config; a missing file is an empty config. */
export async function readDockerConfig(path = defaultDockerConfigPath()): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError('REGISTRY_ERROR', `cannot read Docker config ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('REGISTRY_ERROR', `Docker config ${path} is not valid JSON (${(e as Error).message}); fix or remove it`);
  }
  const parsed = DockerConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('REGISTRY_ERROR', `Docker config ${path} has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return parsed.data;
}

/**
 * Runs `docker-credential-<helper> get` with the server address on stdin.
 * Missing helper, "not found", a timeout or garbage all answer null: a helper must never break a poll.
 */
export function runCredentialHelper(helper: string, serverAddress: string, timeoutMs = 5000): Promise<Credential | null> {
  if (!/^[\w.-]+$/.test(helper)) return Promise.resolve(null);
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    // Own process group, so a timeout also ends whatever the helper started (a shell script's children).
    const child = spawn(`docker-credential-${helper}`, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], detached: true });
    const timer = setTimeout(() => {
      kill();
      done(null);
    }, timeoutMs);
    let closed = false;
    const kill = (): void => {
      try {
        if (child.pid !== undefined && !closed) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const done = (v: Credential | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(v);
    };
    child.on('error', () => done(null));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < 1 << 16) out += chunk;
    });
    child.on('close', (code) => {
      closed = true;
      if (code !== 0) return done(null);
      try {
        done(credentialFromHelper(JSON.parse(out)));
      } catch {
        done(null);
      }
    });
    // Leftover grandchildren can hold stdout open after the helper exits: end them shortly after.
    child.on('exit', () => setTimeout(kill, 250).unref());
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverAddress); // no newline, as the Docker CLI sends it
  });
}

/** Settings first, then the Docker config: credential helper (credHelpers, credsStore), then inline `auths`. */
export async function resolveCredentials(registry: string, opts: ResolveOptions = {}): Promise<Credential | null> {
  const key = registry.toLowerCase();
  const fromSettings = opts.extra?.get(key) ?? opts.extra?.get(registry);
  if (fromSettings) return fromSettings;
  const config = await readDockerConfig(opts.configPath);
  const helper = helperFor(config, key);
  if (helper !== null) {
    const fromHelper = await runCredentialHelper(helper, serverAddressFor(key), opts.helperTimeoutMs);
    if (fromHelper) return fromHelper;
  }
  return authsCredential(config, key);
}

/** The engine's `authconfig` for `docker.pull(…, { authconfig })`. */
export function toDockerodeAuth(cred: Credential, registry: string): Dockerode.AuthConfigObject {
  const serveraddress = serverAddressFor(registry.toLowerCase() === 'index.docker.io' ? DOCKER_HUB : registry.toLowerCase());
  if ('identityToken' in cred) {
    return cred.username === undefined
      ? { identitytoken: cred.identityToken, serveraddress }
      : { username: cred.username, identitytoken: cred.identityToken, serveraddress };
  }
  return { username: cred.username, password: cred.password, serveraddress };
}

/** Credentials for a pull, in the engine's shape; null when there are none (anonymous pull). */
export async function dockerodeAuthFor(registry: string, opts: ResolveOptions = {}): Promise<Dockerode.AuthConfig | null> {
  const cred = await resolveCredentials(registry, opts);
  return cred === null ? null : toDockerodeAuth(cred, registry);
}
