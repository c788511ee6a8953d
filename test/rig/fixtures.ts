import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { pack } from 'tar-stream';
import { z } from 'zod';
import { dockerOptions } from '../../main/docker/endpoint';
import { RIG_DOCKER_HOST, rigPaths } from './paths';

/**
 * The test app: a busybox-only image (no download) that speaks HTTP/1.1 on its port.
 *
 *   GET /                  200 `<version>\n`                         (header X-App-Version too)
 *   GET /health            200 `ok\n`, or 500 `fail\n` when FAIL_HEALTH=1 (baked by `health: 'fail'`)
 *   GET /cgi-bin/health    same as /health
 *   GET /cgi-bin/slow?ms=N 200 `slept N ms\n` after N ms (also /slow)
 *   GET /ping              200 `pong\n` (used by the app itself to know it is up)
 *   GET /whoami            200 `<container hostname>\n`
 *   GET /peer              200 `<version> -> <hostname of PEER>\n`, asking PEER (`host:port`, e.g. a compose service) for /whoami
 *   anything else          404
 *
 * Run-time env: FAIL_HEALTH=1, START_DELAY_MS=n (listen after n ms), EXIT_CODE=n (print `fatal: boom` to
 * stderr, exit n), LOG_EVERY_MS=n (print `app <v> log line <i>` every n ms), PORT (default: `expose`),
 * APP_VERSION (baked from `version`), IGNORE_SIGTERM=1 (no SIGTERM handler: as PID 1 without an init it
 * ignores SIGTERM and only SIGKILL ends it; under an init SIGTERM ends it at once, exit code 143).
 * `server: 'httpd'` serves `/`, `/health` (404 instead of 500 when failing) and `/ping` as static files from
 * busybox httpd instead of a shell per request: about a millisecond per answer, for timing what Slipway adds.
 * Stdout: `app <v> starting`, `app <v> listening on <port>`; on SIGTERM `app <v> stopping`, drains requests
 * in flight, `app <v> stopped`, exit 0. A mounted /data directory gets /data/hello.txt = `hello from <v>\n`.
 */
export interface TestAppOptions {
  /** Full repository, e.g. `localhost:5000/it-deploy/web`. */
  readonly repository: string;
  readonly tag: string;
  /** What `GET /` answers; default = tag. */
  readonly version?: string;
  /** Baked health: 'fail' bakes FAIL_HEALTH=1 (a run-time FAIL_HEALTH=0 turns it back to ok). Default 'ok'. */
  readonly health?: 'ok' | 'fail';
  /** Add an image HEALTHCHECK (1 s interval, 2 retries) probing /health. Default false. */
  readonly healthcheck?: boolean;
  /** Port the app listens on and EXPOSEs. Default 8080. */
  readonly expose?: number;
  /** `shell` (default): every route above, a shell per request; `httpd`: static `/`, `/health`, `/ping` only, fast. */
  readonly server?: 'shell' | 'httpd';
  /** Push to the registry named in `repository`. Default true. */
  readonly push?: boolean;
}

export interface TestApp {
  /** `repository:tag`. */
  readonly ref: string;
  /** Manifest digest in the registry (`sha256:…`); the local image id when `push: false`. */
  readonly digest: string;
  readonly repository: string;
  readonly tag: string;
}

const optionsSchema = z.object({
  repository: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, 'repository like localhost:5000/group/name'),
  tag: z.string().regex(/^[\w][\w.-]{0,127}$/),
  version: z
    .string()
    .regex(/^[\w.+-]+$/, 'version: letters, digits and . + - _ only')
    .optional(),
  health: z.enum(['ok', 'fail']).default('ok'),
  healthcheck: z.boolean().default(false),
  expose: z.number().int().min(1).max(65535).default(8080),
  server: z.enum(['shell', 'httpd']).default('shell'),
  push: z.boolean().default(true),
});

const progressSchema = z.looseObject({
  status: z.string().optional(),
  error: z.string().optional(),
  errorDetail: z.looseObject({ message: z.string().optional() }).optional(),
  aux: z.looseObject({ Digest: z.string().optional() }).optional(),
});

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'app');
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];
/** Applets the app scripts use, linked to /bin/busybox. */
const APPLETS = ['sh', 'nc', 'tail', 'httpd', 'usleep', 'sleep', 'wget', 'ls', 'rm', 'mkdir', 'cat', 'kill', 'echo', 'printf', 'env', 'ps', 'true', 'false'];

/** Builds the test app image from a busybox root filesystem (no download) and pushes it. */
export async function buildTestApp(input: TestAppOptions, docker: Docker = rigDocker()): Promise<TestApp> {
  const opts = optionsSchema.parse(input);
  const version = opts.version ?? opts.tag;
  const ref = `${opts.repository}:${opts.tag}`;
  const changes = [
    `ENV APP_VERSION=${version}`,
    `ENV PORT=${opts.expose}`,
    ...(opts.health === 'fail' ? ['ENV FAIL_HEALTH=1'] : []),
    ...(opts.server === 'httpd' ? ['ENV APP_SERVER=httpd'] : []),
    `EXPOSE ${opts.expose}`,
    `LABEL org.opencontainers.image.version=${version}`,
    ...(opts.healthcheck ? ['HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD wget -q -O /dev/null http://127.0.0.1:$PORT/health || exit 1'] : []),
    'CMD ["/app/start"]',
  ];
  const imported = await follow(docker.modem, await docker.importImage((await rootfsTar()) as unknown as NodeJS.ReadableStream, { repo: opts.repository, tag: opts.tag, changes }));
  const imageId = [...imported].reverse().find((p) => p.status?.startsWith('sha256:'))?.status;
  if (!imageId) throw new Error(`docker import of ${ref} gave no image id: ${JSON.stringify(imported.slice(-3))}`);
  if (!opts.push) return { ref, digest: imageId, repository: opts.repository, tag: opts.tag };

  const pushed = await follow(docker.modem, await docker.getImage(opts.repository).push({ tag: opts.tag, authconfig: {} }));
  const digest = pushed.find((p) => p.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${ref} reported no digest: ${JSON.stringify(pushed.slice(-3))}`);
  return { ref, digest, repository: opts.repository, tag: opts.tag };
}

/** A dockerode client for the rig's engine (`$DOCKER_HOST`, else the rig socket). */
export function rigDocker(): Docker {
  return new Docker(dockerOptions(process.env['DOCKER_HOST'] ?? RIG_DOCKER_HOST));
}

type Progress = z.infer<typeof progressSchema>;

/** Reads a progress stream to its end; errors reported inside the stream become rejections. */
function follow(modem: Docker['modem'], stream: NodeJS.ReadableStream): Promise<Progress[]> {
  return new Promise((resolve, reject) => {
    modem.followProgress(stream, (error: Error | null, output: unknown[]) => {
      if (error) return reject(error);
      const events = output.map((o) => progressSchema.parse(o));
      const failed = events.find((e) => e.error ?? e.errorDetail?.message);
      if (failed) return reject(new Error(failed.error ?? failed.errorDetail?.message ?? 'docker reported an error'));
      resolve(events);
    });
  });
}

let rootfsMemo: { key: string; tar: Buffer } | null = null;

/**
 * The app's root filesystem as a tar. It does not depend on the options (they are baked as image config),
 * so it is built once per content hash and cached on disk and in memory; every version shares one layer,
 * which the registry then stores once.
 */
export async function rootfsTar(): Promise<Buffer> {
  const busyboxPath = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!busyboxPath) throw new Error('busybox is not installed: apt-get install -y busybox-static');
  const busybox = readFileSync(busyboxPath);
  const start = readFileSync(join(APP_DIR, 'start.sh'));
  const handle = readFileSync(join(APP_DIR, 'handle.sh'));
  const key = createHash('sha256').update(busybox).update(start).update(handle).update(APPLETS.join(',')).digest('hex').slice(0, 16);
  if (rootfsMemo?.key === key) return rootfsMemo.tar;
  const cached = join(rigPaths.fixtureCache, `rootfs-${key}.tar`);
  if (existsSync(cached)) {
    rootfsMemo = { key, tar: readFileSync(cached) };
    return rootfsMemo.tar;
  }
  const tar = await buildTar([
    { name: 'bin', type: 'directory', mode: 0o755 },
    { name: 'app', type: 'directory', mode: 0o755 },
    { name: 'tmp', type: 'directory', mode: 0o1777 },
    { name: 'etc', type: 'directory', mode: 0o755 },
    { name: 'bin/busybox', type: 'file', mode: 0o755, content: busybox },
    ...APPLETS.map((a) => ({ name: `bin/${a}`, type: 'symlink' as const, linkname: 'busybox' })),
    { name: 'app/start', type: 'file', mode: 0o755, content: start },
    { name: 'app/handle', type: 'file', mode: 0o755, content: handle },
    { name: 'etc/passwd', type: 'file', mode: 0o644, content: Buffer.from('root:x:0:0:root:/:/bin/sh\n') },
  ]);
  mkdirSync(rigPaths.fixtureCache, { recursive: true });
  writeFileSync(`${cached}.${process.pid}`, tar);
  renameSync(`${cached}.${process.pid}`, cached);
  rootfsMemo = { key, tar };
  return tar;
}

type TarEntry =
  | { readonly name: string; readonly type: 'directory'; readonly mode: number }
  | { readonly name: string; readonly type: 'file'; readonly mode: number; readonly content: Buffer }
  | { readonly name: string; readonly type: 'symlink'; readonly linkname: string };

/** A deterministic tar (fixed mtime and owner), so the layer digest only changes when the content does. */
function buildTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    p.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    p.on('end', () => resolve(Buffer.concat(chunks)));
    p.on('error', reject);
  });
  const mtime = new Date(0);
  for (const e of entries) {
    const header = { name: e.name, mtime, uid: 0, gid: 0 };
    if (e.type === 'file') p.entry({ ...header, type: 'file', mode: e.mode, size: e.content.length }, e.content);
    else if (e.type === 'directory') p.entry({ ...header, type: 'directory', mode: e.mode });
    else p.entry({ ...header, type: 'symlink', linkname: e.linkname, mode: 0o777 });
  }
  p.finalize();
  return done;
}
