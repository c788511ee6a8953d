import { z } from 'zod';
import { method } from './define';
import { Empty, Ok, Timestamp } from './common';

/** The built-in engine: this machine's Docker (DOCKER_HOST or the endpoint in Settings → Docker engine). */
export const LOCAL_ENGINE = 'local';

/** How stages and Swarm targets name an engine. */
export const EngineNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'engine names are lower-case letters, digits, ".", "-" or "_", at most 63 characters')
  .describe('the engine\'s name; "local" is this machine\'s Docker');

const NewEngineName = EngineNameSchema.refine((n) => n !== LOCAL_ENGINE, '"local" is the built-in engine: pick another name');

const FilePath = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `give the path of the ${what}`)
    .max(1000)
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('~/'), `give the full path of the ${what} (e.g. "~/.docker/${what === 'CA certificate' ? 'ca' : what === 'client certificate' ? 'cert' : 'key'}.pem")`);

const IpAddress = z
  .string()
  .trim()
  .refine((a) => /^(\d{1,3}\.){3}\d{1,3}$/.test(a) || /^[0-9a-f:]+$/i.test(a), 'give an IP address of the engine host, e.g. "0.0.0.0" or "192.168.1.20"');

/** An engine to add: its kind, a new name and what that kind needs. */
const engineInput = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) => z.object({ kind: z.literal(kind), name: NewEngineName, ...shape }).strict();

export const TlsEngineInputSchema = engineInput('tls', {
  url: z.string().trim().min(1).max(300).describe('tcp://host:port of the engine, e.g. "tcp://build.lan:2376"'),
  ca: FilePath('CA certificate').describe('the CA that signed the engine\'s certificate (ca.pem); the engine is always verified'),
  cert: FilePath('client certificate').describe('this machine\'s client certificate (cert.pem)'),
  key: FilePath('client key').describe('the client certificate\'s key (key.pem)'),
  publishAddress: IpAddress.default('0.0.0.0').describe('the engine host\'s address instances publish their port on; this machine reaches them there at the URL\'s host'),
});

const RemoteSocket = z.string().trim().min(1).max(500).default('/var/run/docker.sock');

export const SshEngineInputSchema = engineInput('ssh', {
  url: z.string().trim().min(1).max(300).describe('ssh://user@host[:port], e.g. "ssh://deploy@prod.lan"'),
  keyFile: FilePath('private key').nullable().default(null).describe('a private key file (without passphrase); null: the SSH agent (SSH_AUTH_SOCK)'),
  socket: RemoteSocket.describe('the Docker socket on the remote host'),
});

export const ContextEngineInputSchema = engineInput('context', {
  context: z.string().trim().min(1).max(200).describe('the Docker CLI context\'s name (docker context ls); read from ~/.docker/contexts when added, changed or tested, and at start'),
  socket: RemoteSocket.describe('ssh:// contexts only: the Docker socket on the remote host (logged in through the SSH agent)'),
});

export const EngineInputSchema = z.discriminatedUnion('kind', [TlsEngineInputSchema, SshEngineInputSchema, ContextEngineInputSchema]);
export type EngineInput = z.infer<typeof EngineInputSchema>;

export const EngineKindSchema = z.enum(['local', 'tls', 'ssh', 'context']);

export const HostKeySchema = z.object({
  algorithm: z.string().describe('e.g. ssh-ed25519'),
  fingerprint: z.string().describe('SHA256:… as `ssh-keygen -lf` prints it'),
});
export type HostKey = z.infer<typeof HostKeySchema>;

export const EngineStateSchema = z.object({
  reachable: z.boolean(),
  version: z.string().nullable(),
  apiVersion: z.string().nullable(),
  os: z.string().nullable(),
  arch: z.string().nullable(),
  swarm: z.string().nullable().describe('the engine\'s swarm state: inactive, active, pending, error, locked; null while unknown'),
  error: z.string().nullable().describe('what went wrong, when unreachable'),
  hint: z.string().nullable().describe('what the user can do about it'),
  checkedAt: Timestamp,
});
export type EngineState = z.infer<typeof EngineStateSchema>;

export const EngineViewSchema = z.object({
  name: z.string(),
  kind: EngineKindSchema,
  /** Where it is: unix:///…, tcp://host:port, ssh://user@host:port (a context shows its endpoint once read). */
  url: z.string(),
  builtIn: z.boolean().describe('the local engine: it cannot be changed or removed here'),
  tls: z.object({ ca: z.string(), cert: z.string(), key: z.string(), publishAddress: z.string() }).nullable(),
  ssh: z.object({ keyFile: z.string().nullable(), socket: z.string() }).nullable(),
  context: z.string().nullable().describe('context engines: the Docker CLI context\'s name'),
  acceptedHostKeys: z.array(HostKeySchema).describe('SSH host keys accepted in Slipway (beside ~/.ssh/known_hosts)'),
  hostKeyPending: HostKeySchema.extend({ reason: z.enum(['unknown', 'changed']) })
    .nullable()
    .describe('a host key the engine offered that is not trusted: show it, and engines.acceptHostKey it if it is the right one'),
  stages: z.number().int().describe('stages deployed to this engine'),
  state: EngineStateSchema,
});
export type EngineView = z.infer<typeof EngineViewSchema>;

export const EngineUpdateSchema = z.union([
  TlsEngineInputSchema.partial().required({ kind: true, name: true }),
  SshEngineInputSchema.partial().required({ kind: true, name: true }),
  ContextEngineInputSchema.partial().required({ kind: true, name: true }),
]);
export type EngineUpdate = z.infer<typeof EngineUpdateSchema>;

export const DockerContextSchema = z.object({
  name: z.string(),
  description: z.string(),
  host: z.string().describe('the context\'s Docker endpoint'),
  tls: z.boolean().describe('the context has client certificates'),
  importable: z.boolean(),
  problem: z.string().nullable().describe('why it cannot be imported'),
});
export type DockerContext = z.infer<typeof DockerContextSchema>;

const ByName = z.object({ name: EngineNameSchema }).strict();

/** Settings → Engines: where stages run. */
export const engineMethods = {
  'engines.list': method(Empty, z.object({ engines: z.array(EngineViewSchema) }), 'The engines stages can run on: "local" first, then the added ones, each with its last known state.'),
  'engines.add': method(
    EngineInputSchema,
    EngineViewSchema,
    'Add a remote engine: tcp:// with TLS client certificates, ssh://user@host, or a Docker CLI context. It is tested at once; an SSH host key not yet trusted is shown in hostKeyPending.',
  ),
  'engines.update': method(EngineUpdateSchema, EngineViewSchema, 'Change an added engine (its kind stays); it is tested again.'),
  'engines.remove': method(ByName, Ok, 'Remove an added engine; refused while a stage runs on it.'),
  'engines.test': method(ByName, EngineViewSchema, 'Connect to the engine now: version, API version, OS/arch, swarm state, or why it is not reachable.'),
  'engines.acceptHostKey': method(
    z.object({ name: EngineNameSchema, fingerprint: z.string().trim().min(1).describe('the SHA256:… fingerprint shown in hostKeyPending') }).strict(),
    EngineViewSchema,
    'Trust the SSH host key the engine offered (the fingerprint must be the one shown), then test it again.',
  ),
  'engines.contexts': method(Empty, z.object({ contexts: z.array(DockerContextSchema) }), 'The Docker CLI contexts in ~/.docker/contexts that can be imported.'),
} as const;
