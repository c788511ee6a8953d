import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, distributionPush, githubPackage, startHarness, type Harness } from './webhook-support';

/**
 * Property tests over HTTP against the real listener: whatever arrives, it answers 2xx or 4xx with JSON,
 * keeps serving, and a request that is not correctly signed never deploys anything.
 */

interface Raw {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Plain node:http, so that any header value and body bytes go out as generated. */
function send(port: number, r: Raw): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: { ...r.headers, 'content-length': String(r.body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

const SECRETS = {
  github: 'gh-secret-0123456789',
  gitea: 'gitea-secret-0123456789',
  gitlab: 'gitlab-token-0123456789',
  standard: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  registry: 'Bearer registry-token-0123456789',
  harbor: 'harbor-auth-0123456789',
  generic: 'Bearer generic-0123456789',
} as const;

const hmacHex = (key: string, body: string): string => createHmac('sha256', key).update(body).digest('hex');

/** Correctly signed requests, one per signing scheme, each naming a repository that has an auto-deploy stage. */
function signedSeeds(): { name: string; headers: Record<string, string>; body: string; signedBody: boolean; secretHeaders: string[] }[] {
  const gh = githubPackage({ tag: 'v1', digest: digestOf('a') });
  const giteaBody = JSON.stringify({
    action: 'created',
    package: { id: 1, type: 'container', name: 'web', version: 'v2', owner: { login: 'acme' }, html_url: 'http://localhost:5000/acme/-/packages/container/web/v2', created_at: '2026-01-01T00:00:00Z' },
    sender: { login: 'ci' },
  });
  const gitlabBody = JSON.stringify({
    object_kind: 'push',
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after: 'b'.repeat(40),
    checkout_sha: 'b'.repeat(40),
    project: { path_with_namespace: 'acme/web', git_http_url: 'https://gitlab.example/acme/web.git' },
    commits: [],
    total_commits_count: 0,
  });
  const standardBody = JSON.stringify({ image: `localhost:5000/acme/web:v3@${digestOf('c')}` });
  const id = 'msg_fuzz';
  const ts = String(Math.floor(Date.now() / 1000));
  const standardSig = new Webhook(SECRETS.standard).sign(id, new Date(Number(ts) * 1000), standardBody);
  const dist = distributionPush({ host: 'localhost:5000', repository: 'acme/web', tag: 'v4', digest: digestOf('d') });
  const harborBody = JSON.stringify({
    type: 'PUSH_ARTIFACT',
    occur_at: 1,
    operator: 'ci',
    event_data: {
      resources: [{ digest: digestOf('e'), tag: 'v5', resource_url: 'localhost:5000/acme/web:v5' }],
      repository: { name: 'web', namespace: 'acme', repo_full_name: 'acme/web', repo_type: 'private' },
    },
  });
  const genericBody = JSON.stringify({ image: `localhost:5000/acme/web:v6@${digestOf('f')}` });
  return [
    { name: 'github', headers: { ...gh.headers, 'x-hub-signature-256': `sha256=${hmacHex(SECRETS.github, gh.body)}` }, body: gh.body, signedBody: true, secretHeaders: ['x-hub-signature-256'] },
    {
      name: 'gitea',
      headers: { 'content-type': 'application/json', 'x-gitea-delivery': crypto.randomUUID(), 'x-gitea-event': '', 'x-gitea-event-type': 'package', 'x-gitea-signature': hmacHex(SECRETS.gitea, giteaBody) },
      body: giteaBody,
      signedBody: true,
      secretHeaders: ['x-gitea-signature'],
    },
    { name: 'gitlab', headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRETS.gitlab }, body: gitlabBody, signedBody: false, secretHeaders: ['x-gitlab-token'] },
    {
      name: 'standard',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': standardSig },
      body: standardBody,
      signedBody: true,
      secretHeaders: ['webhook-signature'],
    },
    { name: 'distribution', headers: { ...dist.headers, authorization: SECRETS.registry }, body: dist.body, signedBody: false, secretHeaders: ['authorization'] },
    { name: 'harbor', headers: { 'content-type': 'application/json', authorization: SECRETS.harbor }, body: harborBody, signedBody: false, secretHeaders: ['authorization'] },
    { name: 'generic', headers: { 'content-type': 'application/json', authorization: SECRETS.generic }, body: genericBody, signedBody: false, secretHeaders: ['authorization'] },
  ];
}

const HEADER_NAMES = [
  'content-type',
  'x-github-event',
  'x-github-delivery',
  'x-hub-signature-256',
  'x-gitea-event',
  'x-gitea-event-type',
  'x-gitea-delivery',
  'x-gitea-signature',
  'x-forgejo-delivery',
  'x-gitlab-event',
  'x-gitlab-token',
  'idempotency-key',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'authorization',
  'user-agent',
  'x-slipway-hook-id',
];
const CONTENT_TYPES = ['application/json', 'application/vnd.docker.distribution.events.v1+json', 'application/cloudevents+json', 'application/x-www-form-urlencoded', 'text/plain', 'application/xml', ''];

// Header values node:http accepts (no control characters).
const headerValue = fc.oneof(fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constantFrom(...CONTENT_TYPES), fc.constantFrom('package', 'push', 'ping', 'Push Hook', 'sha256=00', ''));

describe('webhook listener under random and mutated input', () => {
  let h: Harness;
  let port: number;
  let secretPath: string;

  beforeAll(async () => {
    h = await startHarness({ listener: { rateLimit: null }, settings: { autoCreate: false } });
    port = h.listener.port;
    secretPath = new URL(h.url).pathname;
    h.addProject('ghcr.io/acme/web', [{ name: 'dev' }], 'gh-web');
    h.addProject('localhost:5000/acme/web', [{ name: 'dev' }], 'web');
    h.addProject('localhost:5000/acme/api', [{ name: 'dev' }], 'api');
  });
  afterAll(async () => {
    await h.stop();
  });

  const expectSane = (r: { status: number; body: string }): Record<string, unknown> => {
    expect(r.status >= 200 && r.status < 500, `status ${String(r.status)}: ${r.body}`).toBe(true);
    expect(r.status < 300 || r.status >= 400).toBe(true);
    return JSON.parse(r.body) as Record<string, unknown>;
  };

  it('answers every random request on the secret URL with 2xx/4xx and JSON, and deploys only what it reports', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
      fc.json({ maxDepth: 4 }).map((j) => Buffer.from(j)),
      fc.record({ image: fc.oneof(fc.string(), fc.constantFrom('localhost:5000/acme/web:x', 'localhost:5000/acme/api', 'nginx', 'a//b:c', 'localhost:5000/acme/web@sha256:zz')) }).map((o) => Buffer.from(JSON.stringify(o))),
      fc.record({ events: fc.array(fc.record({ id: fc.string(), action: fc.constantFrom('push', 'pull', 'delete', 'x'), target: fc.record({ mediaType: fc.constantFrom('application/octet-stream', 'application/vnd.oci.image.manifest.v1+json'), repository: fc.constantFrom('acme/web', 'acme/api', 'Bad Repo'), tag: fc.string({ maxLength: 8 }), digest: fc.string({ maxLength: 10 }) }), request: fc.record({ host: fc.constantFrom('localhost:5000', '', 'x y') }) }), { maxLength: 4 }) }).map((o) => Buffer.from(JSON.stringify(o))),
    );
    const headers = fc.dictionary(fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^x-[a-z0-9-]{1,20}$/)), headerValue, { maxKeys: 8 });
    await fc.assert(
      fc.asyncProperty(headers, body, async (hdrs, b) => {
        const before = h.deploys.length;
        const r = await send(port, { method: 'POST', path: secretPath, headers: hdrs, body: b });
        const json = expectSane(r);
        expect(typeof json['delivery']).toBe('number');
        const reported = ((json['events'] as { matches?: { action: string }[] }[] | undefined) ?? []).flatMap((e) => e.matches ?? []).filter((m) => m.action === 'deploy').length;
        expect(h.deploys.length - before).toBe(r.status === 202 ? reported : 0);
      }),
      { numRuns: 400 },
    );
  });

  it('never deploys from a request whose signature or secret header was tampered with, or whose signed body changed', async () => {
    for (const [kind, secret] of Object.entries(SECRETS)) await h.detection.handlers['webhook.setSecret']({ kind: kind as keyof typeof SECRETS, secret });
    const seeds = signedSeeds();
    // Sanity: unmodified, each seed is accepted (so the property below is about the mutation).
    for (const s of seeds) {
      const r = await send(port, { method: 'POST', path: secretPath, headers: s.headers, body: Buffer.from(s.body) });
      expect(r.status, `${s.name}: ${r.body}`).toBeLessThan(300);
    }
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('drop' as const) }),
      fc.record({ kind: fc.constant('replace' as const), value: headerValue }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), by: fc.integer({ min: 1, max: 25 }) }),
    );
    const bodyMutation = fc.oneof(
      fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('append' as const), extra: fc.string({ minLength: 1, maxLength: 10 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('retag' as const), tag: fc.stringMatching(/^[a-z0-9]{1,8}$/) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), fc.boolean(), tamper, bodyMutation, async (i, onBody, t, m) => {
        const seed = seeds[i]!;
        let headers = { ...seed.headers };
        let body = Buffer.from(seed.body);
        if (onBody && seed.signedBody) {
          if (m.kind === 'byte') body[m.at % body.length] = m.value;
          else if (m.kind === 'append') body = Buffer.concat([body, Buffer.from(m.extra)]);
          else if (m.kind === 'truncate') body = body.subarray(0, m.at % body.length);
          else body = Buffer.from(seed.body.replace(/v\d/, m.tag));
        } else {
          const name = seed.secretHeaders[0]!;
          const value = headers[name] ?? '';
          if (t.kind === 'drop') headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
          else if (t.kind === 'replace') headers[name] = t.value;
          else {
            const at = t.at % Math.max(1, value.length);
            headers[name] = value.slice(0, at) + String.fromCharCode(((value.charCodeAt(at) - 32 + t.by) % 95) + 32) + value.slice(at + 1);
          }
        }
        const unchanged = body.equals(Buffer.from(seed.body)) && headers[seed.secretHeaders[0]!] === seed.headers[seed.secretHeaders[0]!];
        fc.pre(!unchanged);
        const before = h.deploys.length;
        const r = await send(port, { method: 'POST', path: secretPath, headers, body });
        const json = expectSane(r);
        expect(r.status, r.body).toBe(401);
        expect(typeof json['delivery']).toBe('number');
        expect(h.deploys.length).toBe(before);
      }),
      { numRuns: 400 },
    );
    for (const kind of Object.keys(SECRETS)) await h.detection.handlers['webhook.setSecret']({ kind: kind as keyof typeof SECRETS, secret: null });
  });

  it('answers any path and method with 2xx/4xx, and only the exact secret path reaches the intake', async () => {
    const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
    const paths = fc.oneof(
      fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
      fc.string({ maxLength: 40 }).map((s) => `/api/webhook/${encodeURIComponent(s)}`),
      fc.constantFrom('/api/webhook/%', '/api/webhook/%E0%A4%A', '/api/health', '/api/health?x=1', '/a'.repeat(300)),
    );
    await fc.assert(
      fc.asyncProperty(methods, paths, async (method, path) => {
        fc.pre(path !== secretPath && path !== `${secretPath}/`);
        const before = h.deploys.length;
        const r = await send(port, { method, path, headers: {}, body: Buffer.alloc(0) });
        expect(r.status >= 200 && r.status < 500, `${method} ${path} → ${String(r.status)}`).toBe(true);
        if (path.startsWith('/api/webhook')) expect(r.status).toBe(404);
        expect(h.deploys.length).toBe(before);
      }),
      { numRuns: 300 },
    );
  });
});
