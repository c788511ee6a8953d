import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { DockerContext } from '../../preload/contract';

const MetaSchema = z.object({
  Name: z.string(),
  Metadata: z.object({ Description: z.string().optional() }).loose().nullish(),
  Endpoints: z.object({ docker: z.object({ Host: z.string(), SkipTLSVerify: z.boolean().optional() }).loose().optional() }).loose(),
});

/** A context's Docker endpoint, as the CLI would use it. */
export type ContextEndpoint =
  | { readonly kind: 'tls'; readonly url: string; readonly ca: string; readonly cert: string; readonly key: string }
  | { readonly kind: 'ssh'; readonly url: string }
  | { readonly kind: 'local'; readonly url: string };

/** The Docker CLI's configuration folder (DOCKER_CONFIG, else ~/.docker). */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['DOCKER_CONFIG'] ?? path.join(os.homedir(), '.docker');
}

/** The CLI keeps a context under the sha256 of its name. */
export const contextDirName = (name: string): string => createHash('sha256').update(name).digest('hex');

/**
 * What a context's meta.json means for Slipway. `tlsFiles` are the ca/cert/key the CLI stored for
 * it (null when it has none). A context that skips TLS verification is refused: Slipway always verifies.
 */
export function endpointFromMeta(meta: unknown, tlsFiles: { ca: string; cert: string; key: string } | null): ContextEndpoint {
  const parsed = MetaSchema.safeParse(meta);
  if (!parsed.success) throw new Error('its meta.json is not a Docker context (no Name or Endpoints)');
  const docker = parsed.data.Endpoints.docker;
  if (!docker) throw new Error(`context "${parsed.data.Name}" has no Docker endpoint`);
  const host = docker.Host;
  if (host.startsWith('ssh://')) return { kind: 'ssh', url: host };
  if (host.startsWith('unix://') || host.startsWith('npipe://')) return { kind: 'local', url: host };
  if (host.startsWith('tcp://') || host.startsWith('https://')) {
    if (docker.SkipTLSVerify === true) throw new Error(`context "${parsed.data.Name}" skips TLS verification; Slipway always verifies the engine: remove skip-tls-verify from the context (docker context update --docker "host=…,ca=…,cert=…,key=…")`);
    if (!tlsFiles) throw new Error(`context "${parsed.data.Name}" has no TLS certificates: Slipway reaches tcp:// engines only over verified TLS (docker context update --docker "host=${host},ca=…,cert=…,key=…")`);
    return { kind: 'tls', url: host, ...tlsFiles };
  }
  throw new Error(`context "${parsed.data.Name}" points at "${host}", which Slipway cannot reach (use tcp:// with TLS or ssh://)`);
}

function tlsFilesOf(dir: string): { ca: string; cert: string; key: string } | null {
  const tlsDir = path.join(dir, 'docker');
  const files = { ca: path.join(tlsDir, 'ca.pem'), cert: path.join(tlsDir, 'cert.pem'), key: path.join(tlsDir, 'key.pem') };
  return fs.existsSync(files.ca) && fs.existsSync(files.cert) && fs.existsSync(files.key) ? files : null;
}

/** Reads one context by name from the CLI's folder. */
export function readContext(name: string, configDir = dockerConfigDir()): ContextEndpoint {
  const id = contextDirName(name);
  const metaFile = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  let text: string;
  try {
    text = fs.readFileSync(metaFile, 'utf8');
  } catch {
    throw new Error(`There is no Docker context "${name}" in ${path.join(configDir, 'contexts')}: check the name with \`docker context ls\`.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The Docker context "${name}" cannot be read: ${metaFile} is not JSON.`);
  }
  try {
    return endpointFromMeta(json, tlsFilesOf(path.join(configDir, 'contexts', 'tls', id)));
  } catch (error) {
    throw new Error(`The Docker context "${name}" cannot be used: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** Every context in the CLI's folder, with whether it can be imported. */
export function listContexts(configDir = dockerConfigDir()): DockerContext[] {
  const metaDir = path.join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = fs.readdirSync(metaDir);
  } catch {
    return [];
  }
  const out: DockerContext[] = [];
  for (const id of ids) {
    let meta: unknown;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(metaDir, id, 'meta.json'), 'utf8'));
    } catch {
      continue;
    }
    const parsed = MetaSchema.safeParse(meta);
    if (!parsed.success) continue;
    const tls = tlsFilesOf(path.join(configDir, 'contexts', 'tls', id));
    let problem: string | null = null;
    try {
      endpointFromMeta(meta, tls);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    out.push({ name: parsed.data.Name, description: parsed.data.Metadata?.Description ?? '', host: parsed.data.Endpoints.docker?.Host ?? '', tls: tls !== null, importable: problem === null, problem });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
