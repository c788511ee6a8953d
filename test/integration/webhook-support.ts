import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../../main/events/bus';
import { createChangeDetection, type ChangeDetection, type ProjectCreator } from '../../main/intake/change-detection';
import type { DeployRequest } from '../../main/intake/deploy-port';
import { createNotifier } from '../../main/notify/notifier';
import { type RegistryClient } from '../../main/oci-client/client';
import { openStore, type Db } from '../../main/store/db';
import { EventRepo } from '../../main/store/event-repo';
import { ProjectRepo } from '../../main/store/project-repo';
import { StageRepo } from '../../main/store/stage-repo';
import { SettingsRepo } from '../../main/store/settings-repo';
import { WebhookListener, type ListenerOptions } from '../../main/inbound-webhook/listener';
import { WebhookSecret } from '../../main/inbound-webhook/secret';
import type { AppEvent, DeliverySummary, HealthCheck, SettingsPatch, Toast } from '../../preload/contract';

export interface StageSpec {
  readonly name: string;
  readonly tagPattern?: string;
  readonly semverRange?: string | null;
  readonly autoDeploy?: boolean;
  readonly pollEnabled?: boolean;
}

export interface Harness {
  readonly db: Db;
  readonly settings: SettingsRepo;
  readonly detection: ChangeDetection;
  readonly listener: WebhookListener;
  readonly secret: WebhookSecret;
  readonly url: string;
  /** Deploys handed to the deploy queue, in order. */
  readonly deploys: (DeployRequest & { id: number; at: number })[];
  readonly events: AppEvent[];
  readonly toasts: Toast[];
  /** Deliveries pushed to the live view. */
  readonly pushed: DeliverySummary[];
  /** Adds a project with stages straight into the store; answers stage ids by name. */
  addProject(image: string, stages: readonly StageSpec[], name?: string): { projectId: number; stages: Record<string, number> };
  post(body: unknown, headers?: Record<string, string>, at?: string): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }>;
  setSettings(patch: SettingsPatch): void;
  stop(): Promise<void>;
}

let nextPort = 20_000 + Math.floor(Math.random() * 20_000);

/**
 * Change detection over real SQLite and the real listener on loopback. The deploy queue records what it is
 * handed (the deployer has its own tests); project creation writes the store the way the projects service does.
 */
export async function startHarness(
  opts: { listener?: ListenerOptions; maxJitterMs?: number; registry?: RegistryClient; settings?: SettingsPatch; dir?: string } = {},
): Promise<Harness> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-webhook-'));
  const db = openStore(path.join(dir, 'slipway.db'));
  const settings = new SettingsRepo(db);
  if (!opts.dir) settings.update({ pollSchedule: '0 0 1 1 *' });
  if (opts.settings) settings.update(opts.settings);
  const bus = new EventBus(new EventRepo(db));
  const events: AppEvent[] = [];
  const toasts: Toast[] = [];
  const pushed: DeliverySummary[] = [];
  bus.onEvent((e) => events.push(e));
  bus.onPush((topic, payload) => {
    if (topic === 'toast') toasts.push(payload as Toast);
    if (topic === 'delivery') pushed.push(payload as DeliverySummary);
  });
  const deploys: (DeployRequest & { id: number; at: number })[] = [];
  const projects = new ProjectRepo(db);
  const stageRepo = new StageRepo(db);
  const addProject = (image: string, stages: readonly StageSpec[], name?: string, port: number | null = null, health: HealthCheck | null = null): { projectId: number; stages: Record<string, number> } => {
    const project = projects.insert({
      name: name ?? `${image.split('/').pop() ?? 'app'}-${String(Date.now() % 100000)}-${String(Math.floor(Math.random() * 1000))}`,
      image,
      port,
      health,
      env: {},
      volumes: [],
      limits: {},
      pullPolicy: 'always',
      restartPolicy: 'unless-stopped',
      stopTimeoutSec: 10,
    });
    const ids: Record<string, number> = {};
    for (const s of stages) {
      ids[s.name] = stageRepo.insert({
        projectId: project.id,
        name: s.name,
        tagPattern: s.tagPattern ?? '*',
        semverRange: s.semverRange ?? null,
        autoDeploy: s.autoDeploy ?? true,
        autoPromote: false,
        publicPort: nextPort++,
        maxInstances: 1,
        upstreamStageId: null,
        env: {},
        pollEnabled: s.pollEnabled ?? true,
        mode: 'http',
      }).id;
    }
    return { projectId: project.id, stages: ids };
  };
  const createProject: ProjectCreator = (input) => {
    const created = addProject(
      input.image,
      (input.stages ?? []).map((s) => ({ name: s.name, tagPattern: s.tagPattern, autoDeploy: s.autoDeploy })),
      input.name,
      input.port ?? null,
      input.health ?? null,
    );
    return { id: created.projectId, name: input.name ?? 'app' };
  };
  const detection = createChangeDetection({
    db,
    bus,
    notifier: createNotifier(bus),
    settings,
    version: 'test',
    deployQueue: () => ({
      enqueue: (req) => {
        const id = deploys.length + 1;
        deploys.push({ ...req, id, at: Date.now() });
        return { id };
      },
    }),
    createProject: () => createProject,
    ...(opts.registry ? { registry: opts.registry } : {}),
    maxJitterMs: opts.maxJitterMs ?? 0,
  });
  const secret = new WebhookSecret(settings);
  const listener = new WebhookListener(secret, detection.listenerHandlers, opts.listener ?? {});
  await listener.start('127.0.0.1', 0);
  detection.start();
  return {
    db,
    settings,
    detection,
    listener,
    secret,
    get url() {
      return listener.url();
    },
    deploys,
    events,
    toasts,
    pushed,
    addProject,
    async post(body, headers = {}, at) {
      const res = await fetch(at ?? listener.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: JSON.parse(text) as Record<string, unknown>, headers: res.headers };
    },
    setSettings(patch) {
      const prev = settings.read();
      const next = settings.update(patch);
      detection.onSettingsChanged(next, prev);
    },
    async stop() {
      await detection.stop();
      await listener.stop();
      db.close();
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const hubSignature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export const digestOf = (c: string): string => `sha256:${c.repeat(64).slice(0, 64)}`;

/** A GitHub `package` delivery for a container version, shaped like real deliveries, as the vendor documents them. */
export function githubPackage(opts: { owner?: string; name?: string; tag: string; digest: string; delivery?: string }): { headers: Record<string, string>; body: string } {
  const owner = opts.owner ?? 'acme';
  const name = opts.name ?? 'web';
  const body = JSON.stringify({
    action: 'published',
    package: {
      id: 1,
      name,
      namespace: owner,
      ecosystem: 'CONTAINER',
      package_type: 'CONTAINER',
      owner: { login: owner, type: 'Organization' },
      package_version: {
        version: opts.digest,
        name: opts.digest,
        package_url: `ghcr.io/${owner}/${name}:${opts.tag}`,
        container_metadata: { tag: { name: opts.tag, digest: opts.digest } },
      },
    },
    sender: { login: 'ci' },
  });
  return {
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'package',
      'x-github-delivery': opts.delivery ?? crypto.randomUUID(),
      'user-agent': 'GitHub-Hookshot/abc123',
    },
    body,
  };
}

/** A Distribution registry notification envelope (§5.2) with one manifest push. */
export function distributionPush(opts: { host: string; repository: string; tag?: string; digest: string; id?: string; mediaType?: string }): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', 'user-agent': 'Go-http-client/1.1' },
    body: JSON.stringify({
      events: [
        {
          id: opts.id ?? crypto.randomUUID(),
          timestamp: new Date().toISOString(),
          action: 'push',
          target: {
            mediaType: opts.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json',
            digest: opts.digest,
            size: 528,
            length: 528,
            repository: opts.repository,
            url: `http://${opts.host}/v2/${opts.repository}/manifests/${opts.digest}`,
            ...(opts.tag ? { tag: opts.tag } : {}),
          },
          request: { id: crypto.randomUUID(), addr: '127.0.0.1:40000', host: opts.host, method: 'PUT', useragent: 'docker/20.10' },
          actor: {},
          source: { addr: 'registry:5000', instanceID: crypto.randomUUID() },
        },
      ],
    }),
  };
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Points another tag at the manifest a tag points at, straight through the registry API (no image build). */
export async function retag(registry: string, repository: string, from: string, to: string): Promise<string> {
  const accept = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json';
  const got = await fetch(`http://${registry}/v2/${repository}/manifests/${from}`, { headers: { accept } });
  if (got.status !== 200) throw new Error(`GET manifest ${repository}:${from}: ${String(got.status)}`);
  const type = got.headers.get('content-type') ?? 'application/vnd.docker.distribution.manifest.v2+json';
  const body = Buffer.from(await got.arrayBuffer());
  const put = await fetch(`http://${registry}/v2/${repository}/manifests/${to}`, { method: 'PUT', headers: { 'content-type': type }, body });
  if (put.status !== 201) throw new Error(`PUT manifest ${repository}:${to}: ${String(put.status)} ${await put.text()}`);
  return put.headers.get('docker-content-digest') ?? '';
}

/**
 * Puts a tiny image (a config and no layers) into a registry straight through its API: enough for a manifest
 * to exist and its config (EXPOSE) to be read, without a build.
 */
export async function pushTinyImage(registry: string, repository: string, tag: string, opts: { expose?: number } = {}): Promise<string> {
  const base = `http://${registry}/v2/${repository}`;
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: opts.expose ? { ExposedPorts: { [`${String(opts.expose)}/tcp`]: {} } } : {},
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`start upload to ${repository}: ${String(start.status)} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', `http://${registry}`);
  location.searchParams.set('digest', configDigest);
  const put = await fetch(location, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: config });
  if (put.status !== 201) throw new Error(`upload config to ${repository}: ${String(put.status)} ${await put.text()}`);
  const type = 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: type, config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest }, layers: [] });
  const res = await fetch(`${base}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': type }, body: manifest });
  if (res.status !== 201) throw new Error(`PUT manifest ${repository}:${tag}: ${String(res.status)} ${await res.text()}`);
  return res.headers.get('docker-content-digest') ?? '';
}
