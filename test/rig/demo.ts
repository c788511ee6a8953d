import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { dockerOptions, resolveDockerHost } from '../../main/docker/endpoint';
import type { Project } from '../../preload/contract';
import { startServe, type ServeHandle } from '../support/serve';
import { ensureEngine, ensureLoopbackRegistry, pingEngine } from './engine';
import { buildTestApp } from './fixtures';

export interface DemoOptions {
  /** Where the demo's Slipway keeps its data; reused by the next run. */
  readonly dataDir: string;
  /** The engine to deploy to; default `$DOCKER_HOST`, else the platform's socket, else the test rig's engine. */
  readonly dockerHost?: string;
  /** Default `localhost:5000/slipway-demo/hello`. */
  readonly repository?: string;
  readonly log?: (line: string) => void;
}

export interface Demo {
  readonly serve: ServeHandle;
  readonly project: Project;
  readonly stableUrl: string;
  /** The image the webhook line announces: pushed, not deployed yet. */
  readonly nextImage: string;
  /** The curl line that tells Slipway about the next version. */
  readonly webhookCurl: string;
  readonly text: string;
}

export const DEMO_REPOSITORY = 'localhost:5000/slipway-demo/hello';

/** A shell-safe single-quoted word. */
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The curl line that announces `image` to a Slipway webhook URL (the generic `{ "image" }` format). */
export function webhookCurlLine(webhookUrl: string, image: string): string {
  return `curl -X POST ${quote(webhookUrl)} -H 'content-type: application/json' -d ${quote(JSON.stringify({ image }))}`;
}

export function demoText(d: { stableUrl: string; uiUrl: string; webhookCurl: string; current: string; next: string }): string {
  return [
    '',
    `Slipway demo: ${d.current} is live.`,
    `  Stable URL:   ${d.stableUrl}        (curl ${d.stableUrl} → ${d.current.split(':').pop() ?? ''})`,
    `  Window:       ${d.uiUrl}`,
    `  Deploy the next version (${d.next}, already pushed) by webhook:`,
    `    ${d.webhookCurl}`,
    '  Ctrl-C stops Slipway; the stable URL keeps answering (remove the project in the window to free it).',
    '',
  ].join('\n');
}

/**
 * One command from nothing to a live deploy: an engine, the loopback registry (the test rig's), the tiny
 * test app pushed as 1.0 and 1.1, `slipway serve`, a project deployed at 1.0. The next version waits
 * for the webhook line it prints.
 */
export async function runDemo(opts: DemoOptions): Promise<Demo> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const repository = opts.repository ?? DEMO_REPOSITORY;

  let dockerHost = opts.dockerHost ?? resolveDockerHost(null);
  if (!(await pingEngine(dockerHost))) {
    log(`No engine answers at ${dockerHost}; starting the test rig's engine…`);
    dockerHost = (await ensureEngine()).dockerHost;
  }
  const { registry, started } = await ensureLoopbackRegistry();
  log(`engine ${dockerHost}, registry ${registry} (${started ? 'started' : 'reused'})`);

  const docker = new Docker(dockerOptions(dockerHost));
  const current = await buildTestApp({ repository, tag: '1.0' }, docker);
  const next = await buildTestApp({ repository, tag: '1.1' }, docker);
  log(`pushed ${current.ref} and ${next.ref}`);

  fs.mkdirSync(opts.dataDir, { recursive: true });
  const serve = await startServe({ dataDir: opts.dataDir, args: ['--docker-host', dockerHost], env: { DOCKER_HOST: dockerHost } });
  try {
    const project = await demoProject(serve, repository);
    const stage = project.stages[0];
    if (!stage) throw new Error('the demo project has no stage');
    const deployed = await serve.call('stages.deploy', { stageId: stage.id, tag: current.tag, wait: true });
    if (!deployed.ok) throw new Error(`the deploy of ${current.ref} failed: ${deployed.error?.message ?? ''}`);
    const status = (deployed.value as { status: string; error: string | null }).status;
    if (status !== 'succeeded' && status !== 'skipped') throw new Error(`the deploy of ${current.ref} ended ${status}: ${String((deployed.value as { error: string | null }).error)}`);
    const webhookCurl = webhookCurlLine(serve.runtime.webhookUrl, next.ref);
    const text = demoText({ stableUrl: stage.url, uiUrl: serve.runtime.uiUrl, webhookCurl, current: current.ref, next: next.ref });
    return { serve, project, stableUrl: stage.url, nextImage: next.ref, webhookCurl, text };
  } catch (error) {
    await serve.stop();
    throw error;
  }
}

/** The demo's project: made on the first run, found again on the next ones. */
async function demoProject(serve: ServeHandle, repository: string): Promise<Project> {
  const listed = await serve.call('projects.list');
  const existing = (listed.value as { projects: Project[] } | undefined)?.projects.find((p) => p.image === repository);
  if (existing) return existing;
  const created = await serve.call('projects.create', {
    image: repository,
    name: 'hello',
    health: { kind: 'http', path: '/health', timeoutMs: 5000 },
    stopTimeoutSec: 2,
  });
  if (!created.ok) throw new Error(`projects.create failed: ${created.error?.message ?? ''}`);
  return created.value as Project;
}

/** `npm run demo [-- --data-dir DIR] [--docker-host URL]`. */
export async function demoMain(argv: readonly string[]): Promise<void> {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const dataDir = path.resolve(flag('--data-dir') ?? '.slipway-demo');
  const demo = await runDemo({ dataDir, dockerHost: flag('--docker-host') });
  process.stdout.write(demo.serve.output());
  process.stdout.write(demo.text);
  const stop = (): void => {
    void demo.serve.stop().then((code) => process.exit(code ?? 0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
