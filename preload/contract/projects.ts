import { z } from 'zod';
import { method } from './define';
import { Empty, Id, Port, Timestamp, ById } from './common';
import { EngineNameSchema, LOCAL_ENGINE } from './engines';

/** How Slipway decides a new instance is ready for traffic. */
export const HealthCheckSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('http'),
      path: z.string().regex(/^\//, 'must start with "/"').max(500).default('/'),
      timeoutMs: z.number().int().min(100).max(600_000).default(30_000).describe('give up after this long'),
      anyStatus: z.boolean().default(false).describe('accept any answer below 500 instead of only 2xx/3xx'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('tcp'),
      timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('docker').describe("the image's own HEALTHCHECK"),
      timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('running').describe('healthy once the container has kept running for forMs'),
      forMs: z.number().int().min(0).max(600_000).default(1000),
    })
    .strict(),
]);
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

export const VolumeScopeSchema = z.enum(['absolute', 'ephemeral', 'instance', 'stage', 'project', 'named']);
export type VolumeScope = z.infer<typeof VolumeScopeSchema>;

/**
 * A mount. `source` means: a host path (`absolute`, must be under Settings → allowed volume roots),
 * a Docker volume name (`named`), or a directory name under Slipway's data directory
 * (`instance`/`stage`/`project`, default derived from `target`). `ephemeral` is a tmpfs.
 */
export const VolumeSchema = z
  .object({
    scope: VolumeScopeSchema,
    target: z.string().regex(/^\//, 'must be an absolute path inside the container').max(500),
    source: z.string().min(1).max(500).optional(),
    readOnly: z.boolean().default(false),
  })
  .strict();
export type Volume = z.infer<typeof VolumeSchema>;

export const LimitsSchema = z
  .object({
    cpus: z.number().min(0.01).max(256).optional().describe('CPU cores, e.g. 0.5'),
    memoryMb: z.number().int().min(6).max(1_048_576).optional(),
  })
  .strict();
export type Limits = z.infer<typeof LimitsSchema>;

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const EnvSchema = z
  .record(z.string().regex(ENV_KEY, 'environment variable names use letters, digits and "_" (not first digit)').max(200), z.string().max(32_768))
  .refine((env) => Object.keys(env).length <= 500, 'at most 500 environment variables');
export type Env = z.infer<typeof EnvSchema>;

/**
 * Secret variables: name → value, sealed at rest and never returned. `null` keeps the value already saved
 * (an edit form sends back what it got and leaves secrets untouched); in an update a name left out is
 * removed, and when `secretEnv` itself is absent the saved secrets stay as they are. A name may not be in
 * both `env` and `secretEnv`.
 */
export const SecretEnvInputSchema = z
  .record(
    z.string().regex(ENV_KEY, 'environment variable names use letters, digits and "_" (not first digit)').max(200),
    z.string().max(32_768).nullable(),
  )
  .refine((env) => Object.keys(env).length <= 500, 'at most 500 secret variables')
  .describe('secret variables: value to set or replace, null to keep the saved one; sealed at rest, never returned');
export type SecretEnvInput = z.infer<typeof SecretEnvInputSchema>;

/** How secret variables come back: every name with null, never the value (send it back as is to keep them). */
export const SecretEnvViewSchema = z.record(z.string(), z.null()).describe('names of the secret variables; their values are never returned');

export const PullPolicySchema = z.enum(['always', 'if-missing', 'never']);
export const RestartPolicySchema = z.enum(['no', 'on-failure', 'unless-stopped', 'always']);
export const RouteModeSchema = z.enum(['http', 'tcp']);

const WarmRollbackSec = z.number().int().min(0).max(86_400);

/** Most extra container ports an image project may publish (each takes a stable port per stage). */
export const MAX_EXTRA_PORTS = 16;
const ExtraPorts = z
  .array(Port)
  .max(MAX_EXTRA_PORTS, `at most ${String(MAX_EXTRA_PORTS)} extra ports`)
  .describe('more container ports, each with its own stable URL per stage (listed in the stage\'s `urls`); not `port`, no duplicates');

const Argv = z.array(z.string().min(1).max(4096)).min(1).max(100);
const DockerName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'letters, digits, "_", "." or "-", at most 63 characters');

/** How the container is run, where it differs from the image's own config. Absent fields keep the image's. */
export const ContainerRunSchema = z
  .object({
    command: Argv.nullable().optional().describe("replaces the image's CMD, one argument per item"),
    entrypoint: Argv.nullable().optional().describe("replaces the image's ENTRYPOINT, one argument per item"),
    user: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,63})?$/, 'a user name or id, optionally ":group", e.g. "1000:1000" or "node"')
      .nullable()
      .optional()
      .describe('user[:group] the process runs as'),
    workingDir: z.string().max(500).regex(/^\//, 'an absolute path inside the container, e.g. "/app"').nullable().optional().describe('working directory inside the container'),
    network: z
      .object({
        name: DockerName.describe('a user-defined network; created (labelled as Slipway\'s) when missing'),
        aliases: z.array(DockerName).max(20).default([]).describe('names other containers on the network reach it by'),
      })
      .strict()
      .nullable()
      .optional()
      .describe('a network the containers join besides the default bridge, e.g. to reach a database by name'),
  })
  .strict();
export type ContainerRun = z.infer<typeof ContainerRunSchema>;

/**
 * Where a stage runs: one container at a time on an engine (the default, blue-green), or a Swarm
 * service with replicas and start-first rolling updates. `engine` names an engine; `local` is the
 * one Slipway itself uses.
 */
export const StageTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('container') }).strict(),
  z
    .object({
      kind: z.literal('swarm'),
      engine: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'an engine name: lower-case letters, digits, ".", "-" or "_"')
        .default('local')
        .describe('the engine (a swarm manager) the service runs on; "local" is the one Slipway uses'),
      replicas: z.number().int().min(1).max(100).default(2).describe('tasks the service runs; 2 or more keep the URL answering during rolling updates'),
      service: DockerName.nullable().optional().describe('the service name; default slipway-<project>-<stage>'),
    })
    .strict(),
]);
export type StageTarget = z.infer<typeof StageTargetSchema>;

const StageName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'stage names are lower-case letters, digits, "-" or "_", at most 32 characters');
const TagPattern = z.string().min(1).max(200).describe('glob over tags, e.g. "dev-*", "v*", "*"');

export const StageInputSchema = z
  .object({
    name: StageName,
    tagPattern: TagPattern,
    semverRange: z.string().max(200).nullable().optional().describe('only tags satisfying this semver range, e.g. ">=1.2 <2"'),
    autoDeploy: z.boolean().default(true),
    autoPromote: z.boolean().default(false).describe("deploy the upstream stage's digest here after each successful deploy there"),
    publicPort: Port.optional().describe('stable port on 127.0.0.1; a free one is picked when absent'),
    maxInstances: z.number().int().min(1).max(20).default(2).describe('instances kept (the live one plus stopped ones for instant rollback)'),
    upstream: StageName.nullable().optional().describe('name of the stage in this project that this one is promoted from'),
    env: EnvSchema.default({}).describe('overrides the project env for this stage'),
    secretEnv: SecretEnvInputSchema.optional().describe('secret overrides for this stage (see secretEnv of projects.create)'),
    pollEnabled: z.boolean().default(true),
    mode: RouteModeSchema.default('http').describe('"tcp" serves non-HTTP services as a raw TCP forward'),
    target: StageTargetSchema.optional().describe('image projects: where the stage runs; default { kind: "container" }'),
    engine: EngineNameSchema.default(LOCAL_ENGINE).describe('the engine the stage\'s instances (a compose stage: its whole stack) run on (engines.list); "local" is this machine; static sites stay local, and a compose file with bind mounts is refused on another engine'),
  })
  .strict();
export type StageInput = z.infer<typeof StageInputSchema>;

const ProjectName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'project names are lower-case letters, digits, ".", "-" or "_", at most 63 characters');

/** What a project runs: one container from a registry image, a static site from a git repository, or a compose stack. */
export const ProjectKindSchema = z.enum(['image', 'static', 'compose']);
export type ProjectKind = z.infer<typeof ProjectKindSchema>;

export const GitProviderSchema = z.enum(['gitea', 'forgejo', 'github', 'gitlab', 'generic']);

/** Where a static site comes from: a folder of a git repository at a branch. */
export const GitSourceInputSchema = z
  .object({
    url: z
      .string()
      .min(1)
      .max(500)
      .regex(/^https?:\/\/[^\s]+$/, 'give the http(s) clone URL, e.g. "https://git.example.com/acme/site.git"')
      .describe('http(s) clone URL'),
    branch: z.string().min(1).max(200).regex(/^[^\s~^:?*[\\]+$/, 'not a valid branch name').default('main').describe('the branch dev follows'),
    folder: z.string().max(500).default('/').describe('the folder of the repository to serve, e.g. "/docs"'),
    provider: GitProviderSchema.default('generic').describe('the forge, for its push webhook'),
    token: z.string().min(1).max(1000).optional().describe('for a private repository; sealed at rest, never shown again'),
  })
  .strict();

export const StaticProjectCreateSchema = z
  .object({
    kind: z.literal('static'),
    name: ProjectName,
    git: GitSourceInputSchema,
    markdown: z.boolean().default(false).describe('render *.md to HTML (index.md → index.html), raw HTML dropped'),
    storageLimitMb: z.number().int().min(1).max(1_000_000).nullable().optional().describe('a snapshot larger than this fails; the old one keeps serving'),
    stages: z.array(StageInputSchema).max(20).optional().describe('absent or empty: one "dev" stage following the branch'),
  })
  .strict();
export type StaticProjectCreate = z.infer<typeof StaticProjectCreateSchema>;

export const ProjectCreateSchema = z
  .object({
    kind: z.literal('image').optional().describe('"image" (default) or "static" (see the static form below)'),
    image: z.string().min(1).max(300).describe('repository without tag, e.g. "localhost:5000/acme/web"'),
    name: ProjectName.optional().describe('defaults to the last path component of the image'),
    port: Port.nullable().optional().describe("the container port; absent: the image's first EXPOSE, found on deploy"),
    ports: ExtraPorts.default([]),
    health: HealthCheckSchema.nullable().optional().describe("absent: the image's HEALTHCHECK if it has one, else GET / answering below 500"),
    env: EnvSchema.default({}),
    secretEnv: SecretEnvInputSchema.optional(),
    volumes: z.array(VolumeSchema).max(50).default([]),
    limits: LimitsSchema.default({}),
    pullPolicy: PullPolicySchema.default('always'),
    restartPolicy: RestartPolicySchema.default('unless-stopped'),
    stopTimeoutSec: z.number().int().min(0).max(600).default(10).describe('grace between SIGTERM and SIGKILL when an instance is stopped'),
    init: z.boolean().default(true).describe("run Docker's init as PID 1, so an app that ignores SIGTERM still stops at once; turn off for images with their own init"),
    warmRollbackSec: WarmRollbackSec.default(120).describe('seconds the previous instance keeps running (without traffic) after a switch, so a rollback is only a switch; 0 stops it at once'),
    run: ContainerRunSchema.default({}).describe("command, entrypoint, user, working directory and network, where they differ from the image's"),
    stages: z.array(StageInputSchema).max(20).optional().describe('absent or empty: one "dev" stage with pattern "*"'),
  })
  .strict();
export type ProjectCreate = z.infer<typeof ProjectCreateSchema>;

const ComposeYaml = z.string().min(1).max(200_000).describe('the compose file (YAML text)');

/** A compose stack: services whose image is `image` are tracked (swapped blue-green on each deploy); the others are companions. */
export const ComposeProjectCreateSchema = z
  .object({
    kind: z.literal('compose'),
    name: ProjectName.optional().describe('defaults to the last path component of the image'),
    image: z.string().min(1).max(300).describe('the tracked repository without tag, e.g. "localhost:5000/acme/web"'),
    compose: ComposeYaml,
    allowHostAccess: z.boolean().default(false).describe('allow host networking, privileged, pid: host, cap_add and mounts of / or the Docker socket'),
    health: HealthCheckSchema.nullable().optional().describe("for tracked services without their own healthcheck: absent means GET / answering below 500"),
    env: EnvSchema.default({}).describe('added to every tracked service'),
    secretEnv: SecretEnvInputSchema.optional(),
    warmRollbackSec: WarmRollbackSec.default(120),
    stages: z.array(StageInputSchema).max(20).optional().describe('absent or empty: one "dev" stage with pattern "*"'),
  })
  .strict();
export type ComposeProjectCreate = z.infer<typeof ComposeProjectCreateSchema>;

/** projects.create takes an image project (kind absent or "image"), a static site (kind "static") or a compose stack (kind "compose"). */
export const ProjectCreateInputSchema = z.union([ProjectCreateSchema, StaticProjectCreateSchema, ComposeProjectCreateSchema]);
export type ProjectCreateInput = z.infer<typeof ProjectCreateInputSchema>;

export const ProjectUpdateSchema = z
  .object({
    id: Id,
    name: ProjectName.optional(),
    port: Port.nullable().optional(),
    ports: ExtraPorts.optional().describe('image projects: the extra container ports after the update; a port left out loses its stable URLs'),
    health: HealthCheckSchema.nullable().optional(),
    env: EnvSchema.optional().describe('the plain variables after the update (secret ones are in secretEnv)'),
    secretEnv: SecretEnvInputSchema.optional(),
    volumes: z.array(VolumeSchema).max(50).optional(),
    limits: LimitsSchema.optional(),
    pullPolicy: PullPolicySchema.optional(),
    restartPolicy: RestartPolicySchema.optional(),
    stopTimeoutSec: z.number().int().min(0).max(600).optional(),
    init: z.boolean().optional(),
    warmRollbackSec: WarmRollbackSec.optional(),
    run: ContainerRunSchema.optional().describe('replaces the whole run settings; {} goes back to the image\'s own'),
    compose: ComposeYaml.optional().describe('compose projects: the new file; changed companions are recreated, tracked services get a blue-green deploy'),
    allowHostAccess: z.boolean().optional(),
  })
  .strict();
export type ProjectUpdate = z.infer<typeof ProjectUpdateSchema>;

export const StageUpdateSchema = z
  .object({
    stageId: Id,
    tagPattern: TagPattern.optional(),
    semverRange: z.string().max(200).nullable().optional(),
    autoDeploy: z.boolean().optional(),
    autoPromote: z.boolean().optional(),
    publicPort: Port.optional(),
    maxInstances: z.number().int().min(1).max(20).optional(),
    upstream: StageName.nullable().optional(),
    env: EnvSchema.optional().describe('the plain overrides after the update (secret ones are in secretEnv)'),
    secretEnv: SecretEnvInputSchema.optional(),
    pollEnabled: z.boolean().optional(),
    mode: RouteModeSchema.optional(),
    target: StageTargetSchema.optional().describe('takes effect with the next deploy (stages.restart applies it at once)'),
    engine: EngineNameSchema.optional().describe('another engine; only while the stage has no instances (a new stage on the other engine, promoted from this one, moves it without downtime)'),
  })
  .strict();
export type StageUpdate = z.infer<typeof StageUpdateSchema>;

export const LiveInstanceSchema = z.object({
  instanceId: Id,
  deployId: Id.nullable(),
  tag: z.string(),
  digest: z.string(),
  containerId: z.string(),
  containerName: z.string(),
  hostPort: z.number().int(),
  running: z.boolean().describe('false while the reconciler restarts a dead instance'),
  liveSince: Timestamp.nullable(),
});

/** The snapshot a static stage serves. */
export const LiveSiteSchema = z.object({
  commit: z.string().describe('full commit sha'),
  shortSha: z.string(),
  message: z.string().describe('first line of the commit message'),
  author: z.string(),
  ref: z.string().describe('what was deployed: branch, tag or sha'),
  deployId: Id.nullable(),
  files: z.number().int(),
  bytes: z.number().int(),
  liveSince: Timestamp,
});
export type LiveSite = z.infer<typeof LiveSiteSchema>;

export const WarmInstanceSchema = z.object({
  instanceId: Id,
  tag: z.string(),
  digest: z.string(),
  until: Timestamp.describe('the warm window ends; the instance is stopped and kept after it'),
});
export type WarmInstance = z.infer<typeof WarmInstanceSchema>;

export const RetiredInstanceSchema = z.object({
  instanceId: Id,
  tag: z.string(),
  status: z.enum(['draining', 'stopped', 'removed']).describe('draining: switched away from, finishing in the background (warm while `warmUntil` lies ahead)'),
  retiredAt: Timestamp.describe('when the stable URL switched away from it'),
  warmUntil: Timestamp.nullable(),
  stopMs: z.number().int().nullable().describe('how long stopping its container took'),
});
export type RetiredInstance = z.infer<typeof RetiredInstanceSchema>;

/** One stable URL of a stage: the primary one, or one more container port (of a tracked compose service, or an image project's extra port). */
export const StageUrlSchema = z.object({
  service: z.string().nullable().describe('compose projects: the tracked service whose port it is; null for an image project'),
  containerPort: z.number().int().nullable().describe('null until known (the image\'s EXPOSE is read on deploy)'),
  publicPort: Port,
  url: z.string(),
  primary: z.boolean().describe('the one in `url` and `publicPort` of the stage'),
});
export type StageUrl = z.infer<typeof StageUrlSchema>;

/** One service of a compose stage's stack. */
export const StageServiceSchema = z.object({
  name: z.string(),
  role: z.enum(['tracked', 'companion']),
  image: z.string(),
  state: z.string().describe('the container\'s state: running, exited, missing…'),
  containerId: z.string().nullable(),
});
export type StageService = z.infer<typeof StageServiceSchema>;

/** One task of a Swarm stage's service. */
export const SwarmTaskSchema = z.object({
  id: z.string(),
  slot: z.number().int().nullable(),
  state: z.string().describe("Swarm's task state: new, pending, starting, running, failed, shutdown…"),
  desiredState: z.string(),
  digest: z.string().nullable().describe('the image digest the task runs'),
  hostPort: z.number().int().nullable().describe('the host port its container port is published on (mode: host)'),
  inPool: z.boolean().describe('the stable URL sends it requests (running, healthy, not being stopped)'),
  error: z.string().nullable(),
});
export type SwarmTask = z.infer<typeof SwarmTaskSchema>;

export const StageSchema = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  tagPattern: z.string(),
  semverRange: z.string().nullable(),
  autoDeploy: z.boolean(),
  autoPromote: z.boolean(),
  publicPort: Port,
  maxInstances: z.number().int(),
  upstreamStageId: Id.nullable(),
  upstream: z.string().nullable().describe('upstream stage name'),
  env: z.record(z.string(), z.string()).describe('plain overrides of the project env'),
  secretEnv: SecretEnvViewSchema.optional(),
  pollEnabled: z.boolean(),
  mode: RouteModeSchema,
  target: StageTargetSchema.optional().describe('where the stage runs: a container (absent or { kind: "container" }) or a Swarm service'),
  tasks: z
    .array(SwarmTaskSchema)
    .optional()
    .describe("Swarm stages: the service's tasks as last seen, and whether the stable URL sends them traffic"),
  engine: z.string().describe('the engine the stage runs on ("local": this machine)'),
  engineReachable: z.boolean().optional().describe('false while the stage\'s engine (or the SSH tunnel to it) does not answer: the stage shows "unreachable"'),
  url: z.string().describe('the stable URL, http://127.0.0.1:<publicPort>/'),
  live: LiveInstanceSchema.nullable(),
  site: LiveSiteSchema.nullable().optional().describe('static projects: the commit being served'),
  urls: z.array(StageUrlSchema).optional().describe('every stable URL of the stage, the primary one first'),
  services: z.array(StageServiceSchema).optional().describe('compose projects: each service of the stage\'s stack'),
  stopped: z.boolean().describe('stopped by the user with stages.stop'),
  activeDeployId: Id.nullable().describe('the deploy running now, if any'),
  queued: z.number().int().describe('deploys waiting for this stage'),
  warmRollback: WarmInstanceSchema.nullable()
    .optional()
    .describe('the instance stages.rollback would go back to, while it is still running: the rollback is only a switch'),
  retired: RetiredInstanceSchema.nullable().optional().describe('the instance this stage last switched away from'),
});
export type Stage = z.infer<typeof StageSchema>;

export const GitSourceSchema = z.object({
  url: z.string(),
  branch: z.string(),
  folder: z.string(),
  provider: GitProviderSchema,
  hasToken: z.boolean().describe('a token is stored (it is never shown)'),
});

export const ProjectSchema = z.object({
  id: Id,
  kind: ProjectKindSchema,
  name: z.string(),
  image: z.string().describe('canonical repository, e.g. localhost:5000/acme/web'),
  port: Port.nullable(),
  ports: z.array(Port).describe('extra container ports, each with its own stable URL per stage (image projects)'),
  health: HealthCheckSchema.nullable(),
  env: z.record(z.string(), z.string()).describe('plain variables (secret ones are only named, in secretEnv)'),
  secretEnv: SecretEnvViewSchema.optional(),
  volumes: z.array(VolumeSchema),
  limits: LimitsSchema,
  pullPolicy: PullPolicySchema,
  restartPolicy: RestartPolicySchema,
  stopTimeoutSec: z.number().int(),
  git: GitSourceSchema.nullable().optional().describe('static projects: where the site comes from'),
  markdown: z.boolean().optional(),
  storageLimitMb: z.number().int().nullable().optional(),
  compose: z
    .object({
      yaml: z.string().describe('the compose file as saved'),
      allowHostAccess: z.boolean(),
      tracked: z.array(z.string()).describe('services swapped blue-green on each deploy'),
      companions: z.array(z.string()).describe('services started once per stage and kept'),
    })
    .nullable()
    .optional()
    .describe('compose projects: the stack'),
  init: z.boolean(),
  warmRollbackSec: z.number().int(),
  run: ContainerRunSchema,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  stages: z.array(StageSchema),
});
export type Project = z.infer<typeof ProjectSchema>;

export const projectMethods = {
  'projects.create': method(
    ProjectCreateInputSchema,
    ProjectSchema,
    'Add a project with its stages: an image repository (default), `kind: "static"`, a folder of a git repository served as a static site, or `kind: "compose"`, a stack per stage whose tracked services are swapped blue-green together; answers with ids and stable ports.',
  ),
  'compose.check': method(
    z.object({ compose: z.string().max(200_000), image: z.string().max(300), allowHostAccess: z.boolean().default(false) }).strict(),
    z.object({
      ok: z.boolean(),
      problems: z.array(z.object({ service: z.string().nullable(), line: z.number().int().nullable(), message: z.string() })),
      tracked: z.array(z.string()),
      companions: z.array(z.string()),
    }),
    'Check a compose file without saving it: what is refused (with service and line) and which services are tracked or companions.',
  ),
  'projects.list': method(Empty, z.object({ projects: z.array(ProjectSchema) }), 'Every project with its stages and each stage’s live instance.'),
  'projects.get': method(ById, ProjectSchema, 'One project with its stages.'),
  'projects.update': method(ProjectUpdateSchema, ProjectSchema, 'Change container settings; they apply from the next deploy.'),
  'projects.remove': method(
    z
      .object({
        id: Id,
        purgeData: z.boolean().default(false).describe('also delete its instance/stage/project volume directories'),
        removeVolumes: z.boolean().default(false).describe('compose projects: also remove the stacks\' named volumes (kept by default)'),
      })
      .strict(),
    z.object({ ok: z.literal(true), removedContainers: z.number().int() }),
    'Stop and remove every container of the project, free its ports and forget it (compose projects: `down` for each stage\'s stack).',
  ),
  'stages.update': method(StageUpdateSchema, StageSchema, 'Change a stage (pattern, auto-deploy, port, instances kept, upstream, env overrides, polling).'),
} as const;
