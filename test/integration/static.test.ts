import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../main/app';
import type { Project } from '../../preload/contract';
import { requireEngine } from '../rig/engine-available';
import { pollStaticSites } from '../../main/sources/static/triggers';
import { startGitServer, type GitServer, type GitWorkRepo } from '../rig/git-server';
import { call, callError, get, keepAliveLoad, startApp, tempDir, waitFor } from './deploy-support';

const engine = requireEngine();
const CHILD = path.join(import.meta.dirname, 'static-child.ts');

/** A Gitea push delivery for a commit, as the forge sends it (WEBHOOK-FORMATS.md). */
function giteaPush(repo: GitWorkRepo, fullName: string, branch: string, after: string, message: string): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'content-type': 'application/json', 'x-gitea-event': 'push', 'x-gitea-delivery': randomUUID() },
    body: JSON.stringify({
      ref: `refs/heads/${branch}`,
      before: '0'.repeat(40),
      after,
      compare_url: '',
      commits: [{ id: after, message, url: `${repo.url}/commit/${after}`, author: { name: 'Dana Doe', username: 'dana' } }],
      head_commit: { id: after },
      repository: { full_name: fullName, clone_url: repo.url.replace('127.0.0.1', '127.0.0.1'), html_url: repo.url.replace(/\.git$/, '') },
      pusher: { login: 'dana' },
    }),
  };
}

/** A raw request line sent as is (fetch and http.get normalise `..` away). */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (data += c));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0), body: data.slice(data.indexOf('\r\n\r\n') + 4) }));
    socket.on('error', reject);
  });
}

function request(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe.skipIf(!engine.available)('static sites from git', () => {
  let git: GitServer;
  let app: App;
  let dir: string;
  let site: GitWorkRepo;
  let project: Project;
  const url = (): string => project.stages[0]!.url;
  const stageId = (): number => project.stages[0]!.id;

  beforeAll(async () => {
    git = await startGitServer();
    dir = tempDir('slipway-static-');
    app = await startApp(dir);
    site = git.createRepo('it-static-site');
    site.commit({ 'public/index.html': 'v1\n', 'public/style.css': 'body{}\n', 'public/docs/index.html': 'docs\n', 'README.md': 'not served\n' }, 'first version');
    project = await call(app, 'projects.create', { kind: 'static', name: 'it-static-site', git: { url: site.url, branch: 'main', folder: '/public', provider: 'gitea' }, stages: [{ name: 'dev', tagPattern: '*', maxInstances: 3 }] });
  });

  afterAll(async () => {
    const proxy = app.deployments.proxy();
    for (const p of (await call(app, 'projects.list', {})).projects) await call(app, 'projects.remove', { id: p.id });
    await app.stop();
    await proxy?.shutdown().catch(() => undefined);
    await git.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a static project whose stable URL answers 503 until a snapshot is live, then deploys the branch', async () => {
    expect(project).toMatchObject({ kind: 'static', git: { url: site.url, branch: 'main', folder: '/public', provider: 'gitea', hasToken: false }, markdown: false });
    expect((await get(url())).status).toBe(503);
    const d = await call(app, 'stages.deploy', { stageId: stageId(), wait: true });
    expect(d).toMatchObject({ status: 'succeeded', tag: 'main', error: null });
    expect(await get(url())).toEqual({ status: 200, body: 'v1\n' });
    expect((await get(`${url()}README.md`)).status).toBe(404); // outside the folder
    const stage = (await call(app, 'projects.get', { id: project.id })).stages[0]!;
    expect(stage.site).toMatchObject({ commit: d.digest, shortSha: d.digest!.slice(0, 7), message: 'first version', author: 'Dana Doe' });
  });

  it('serves content types, index.html for folders, 304 on validators, ranges and a 404 page', async () => {
    const css = await request(`${url()}style.css`, {});
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers.etag).toBeTruthy();
    expect((await request(`${url()}style.css`, { 'if-none-match': css.headers.etag! })).status).toBe(304);
    expect((await request(`${url()}style.css`, { 'if-modified-since': css.headers['last-modified']! })).status).toBe(304);
    const part = await request(`${url()}style.css`, { range: 'bytes=0-3' });
    expect(part).toMatchObject({ status: 206, body: 'body' });
    expect(part.headers['content-range']).toBe('bytes 0-3/7');
    expect((await request(`${url()}style.css`, { range: 'bytes=50-' })).status).toBe(416);
    expect(await get(`${url()}docs/`)).toEqual({ status: 200, body: 'docs\n' });
    const redirect = await request(`${url()}docs`, {});
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/docs/');
    const missing = await get(`${url()}nope.html`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Not found');
  });

  it('a pushed commit and the forge push webhook put the new content on the stable URL with 0 failed requests under keep-alive load', async () => {
    const load = keepAliveLoad(url(), 4);
    try {
      for (const v of ['v2', 'v3']) {
        const sha = site.commit({ 'public/index.html': `${v}\n` }, `ship ${v}`);
        const push = giteaPush(site, 'it-static-site', 'main', sha, `ship ${v}`);
        expect((await fetch(app.listener.url(), { method: 'POST', headers: push.headers, body: push.body })).status).toBeLessThan(300);
        await waitFor(`${v} on the stable URL`, async () => (await get(url())).body === `${v}\n`, 20_000);
        await waitFor(`the deploy of ${v} to finish`, async () => (await call(app, 'deploys.list', { stageId: stageId(), limit: 1 })).deploys[0]?.status === 'succeeded');
      }
    } finally {
      await load.stop();
    }
    expect(load.failures).toEqual([]);
    expect(load.ok).toBeGreaterThan(20);
    expect(load.versions).toEqual(['v1', 'v2', 'v3']);
    const deploys = (await call(app, 'deploys.list', { stageId: stageId() })).deploys;
    expect(deploys[0]).toMatchObject({ status: 'succeeded', trigger: 'webhook' });
  });

  it('a poll cycle (one ls-remote per repository) deploys a branch tip nobody sent a webhook for', async () => {
    const sha = site.commit({ 'public/index.html': 'polled\n' }, 'no webhook for this one');
    const { queued, failed } = await pollStaticSites(app.deployments.staticSites, app.deployments.deployer);
    expect(failed).toEqual([]);
    expect(queued).toHaveLength(1);
    expect(await app.deployments.deployer.waitFor(queued[0]!)).toMatchObject({ status: 'succeeded', trigger: 'poll', digest: sha });
    expect((await get(url())).body).toBe('polled\n');
    // Nothing moved since: the next cycle queues nothing.
    expect((await pollStaticSites(app.deployments.staticSites, app.deployments.deployer)).queued).toEqual([]);
    site.commit({ 'public/index.html': 'v3\n' }, 'back to v3');
    const again = await pollStaticSites(app.deployments.staticSites, app.deployments.deployer);
    await app.deployments.deployer.waitFor(again.queued[0]!);
    expect((await get(url())).body).toBe('v3\n');
  });

  it('rolls back to the previous snapshot instantly, then deploys any ref by hand (tag, sha)', async () => {
    const back = await call(app, 'stages.rollback', { stageId: stageId(), wait: true });
    expect(back).toMatchObject({ status: 'succeeded', trigger: 'rollback' });
    expect(back.steps.map((s) => s.name)).toEqual(['switch', 'cleanup']); // no fetch, no build: a switch
    expect((await get(url())).body).toBe('polled\n');

    const tagged = site.commit({ 'public/index.html': 'tagged\n' }, 'release', { tag: 'v9.0' });
    expect(await call(app, 'stages.deploy', { stageId: stageId(), ref: 'v9.0', wait: true })).toMatchObject({ status: 'succeeded', digest: tagged });
    expect((await get(url())).body).toBe('tagged\n');
    // The Deploy dialog's list: the project's branch first, then the other branches, then tags.
    const preview = site.commit({ 'public/index.html': 'preview\n' }, 'preview', { branch: 'preview' });
    const listed = await call(app, 'static.refs', { projectId: project.id });
    expect(listed.branch).toBe('main');
    expect(listed.refs.slice(0, 2)).toEqual([
      { name: 'main', kind: 'branch', commit: tagged },
      { name: 'preview', kind: 'branch', commit: preview },
    ]);
    expect(listed.refs).toContainEqual({ name: 'v9.0', kind: 'tag', commit: tagged });
    expect((await callError(app, 'static.refs', { projectId: 999_999 })).code).toBe('NOT_FOUND');
    const first = (await call(app, 'deploys.list', { stageId: stageId() })).deploys.at(-1)!.digest!;
    expect(await call(app, 'stages.deploy', { stageId: stageId(), ref: first, wait: true })).toMatchObject({ status: 'succeeded', digest: first });
    expect((await get(url())).body).toBe('v1\n');
  });

  it('a missing folder, then an unknown ref: failed deploys with clear errors, the old snapshot keeps serving', async () => {
    site.commit({ 'public/index.html': null, 'public/style.css': null, 'public/docs/index.html': null, 'other/index.html': 'x\n' }, 'move everything');
    const noFolder = await call(app, 'stages.deploy', { stageId: stageId(), ref: 'main', wait: true });
    expect(noFolder.status).toBe('failed');
    expect(noFolder.error).toMatch(/missing folder: "\/public" does not exist/);
    expect((await get(url())).body).toBe('v1\n');
    const unknown = await call(app, 'stages.deploy', { stageId: stageId(), ref: 'no-such-branch', wait: true });
    expect(unknown.status).toBe('failed');
    expect(unknown.error).toMatch(/unknown branch or ref "no-such-branch".*branches: main/);
    expect((await get(url())).body).toBe('v1\n');
  });

  it('renders Markdown to sanitised HTML pages', async () => {
    const md = git.createRepo('it-static-md');
    md.commit({ 'index.md': '# Hello\n\nSome *text* and <script>alert(1)</script>\n\n[x](javascript:alert(1))\n', 'guide/intro.md': '## Intro\n' }, 'docs');
    const p = await call(app, 'projects.create', { kind: 'static', name: 'it-static-md', git: { url: md.url }, markdown: true });
    expect(await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true })).toMatchObject({ status: 'succeeded' });
    const page = await request(p.stages[0]!.url, {});
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Hello</title>');
    expect(page.body).toContain('<h1>Hello</h1>');
    expect(page.body).toContain('<em>text</em>');
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;');
    expect(page.body).not.toContain('href="javascript:');
    expect((await get(`${p.stages[0]!.url}guide/intro.html`)).body).toContain('<h2>Intro</h2>');
  });

  it('a private repository fails without a token ("add a token for host") and deploys with one', async () => {
    const secret = git.createRepo('it-static-private', { private: true });
    secret.commit({ 'index.html': 'private\n' }, 'p1');
    const without = await call(app, 'projects.create', { kind: 'static', name: 'it-static-private-a', git: { url: secret.url } });
    const failed = await call(app, 'stages.deploy', { stageId: without.stages[0]!.id, wait: true });
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain(`authentication refused: add a token for ${git.host}`);

    const withToken = await call(app, 'projects.create', { kind: 'static', name: 'it-static-private-b', git: { url: secret.url, token: git.password } });
    expect(withToken.git).toMatchObject({ hasToken: true });
    expect(JSON.stringify(withToken)).not.toContain(git.password);
    const row = app.db.prepare<[number], { token: string }>('SELECT token FROM static_sources WHERE project_id = ?').get(withToken.id)!;
    expect(row.token).not.toContain(git.password); // sealed at rest
    expect(await call(app, 'stages.deploy', { stageId: withToken.stages[0]!.id, wait: true })).toMatchObject({ status: 'succeeded', error: null });
    expect((await get(withToken.stages[0]!.url)).body).toBe('private\n');
  });

  it('a private repository deploys with the git credentials saved for its host in Settings, and fails again once they are removed', async () => {
    const secret = git.createRepo('it-static-hostcreds', { private: true });
    secret.commit({ 'index.html': 'by host\n' }, 'h1');
    const p = await call(app, 'projects.create', { kind: 'static', name: 'it-static-hostcreds', git: { url: secret.url } });
    expect(p.git).toMatchObject({ hasToken: false });

    expect((await callError(app, 'gitCredentials.save', { host: 'git example.com', username: 'u', token: 't' })).message).toMatch(/not a valid host/);
    // A pasted clone URL gives its host; a wrong token is refused by the server with a clear error.
    await call(app, 'gitCredentials.save', { host: secret.url, username: git.user, token: 'wrong-token' });
    const refused = await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true });
    expect(refused.status).toBe('failed');
    expect(refused.error).toContain(`authentication refused by ${git.host}`);

    const saved = await call(app, 'gitCredentials.save', { host: git.host.toUpperCase(), username: git.user, token: git.password });
    expect(saved).toMatchObject({ host: git.host, username: git.user, hasToken: true, problem: null });
    const listed = await call(app, 'gitCredentials.list', {});
    expect(listed.credentials.map((c) => c.host)).toEqual([git.host]);
    expect(JSON.stringify(listed)).not.toContain(git.password);
    const row = app.db.prepare<[string], { secret: string }>('SELECT secret FROM git_credentials WHERE host = ?').get(git.host)!;
    expect(row.secret).not.toContain(git.password); // sealed at rest
    expect(await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true })).toMatchObject({ status: 'succeeded', error: null });
    expect((await get(p.stages[0]!.url)).body).toBe('by host\n');

    await call(app, 'gitCredentials.remove', { host: git.host });
    expect((await callError(app, 'gitCredentials.remove', { host: git.host })).code).toBe('NOT_FOUND');
    secret.commit({ 'index.html': 'by host 2\n' }, 'h2');
    const again = await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true });
    expect(again.error).toContain(`authentication refused: add a token for ${git.host}`);
    expect((await get(p.stages[0]!.url)).body).toBe('by host\n');
  });

  it('auto-promote: when dev goes live, prod follows with the same commit sha', async () => {
    const chain = git.createRepo('it-static-chain');
    const c1 = chain.commit({ 'index.html': 'chain 1\n' }, 'chain one');
    const p = await call(app, 'projects.create', {
      kind: 'static',
      name: 'it-static-chain',
      git: { url: chain.url },
      stages: [
        { name: 'dev', tagPattern: '*' },
        { name: 'prod', tagPattern: '*', upstream: 'dev', autoPromote: true },
      ],
    });
    const [dev, prod] = [p.stages.find((s) => s.name === 'dev')!, p.stages.find((s) => s.name === 'prod')!];
    expect(await call(app, 'stages.deploy', { stageId: dev.id, wait: true })).toMatchObject({ status: 'succeeded', digest: c1 });
    await waitFor('prod auto-promoted to the first commit', async () => (await get(prod.url)).body === 'chain 1\n');

    const c2 = chain.commit({ 'index.html': 'chain 2\n' }, 'chain two');
    chain.commit({ 'index.html': 'chain 3, not deployed\n' }, 'chain three'); // the branch moves on: prod takes dev's sha, not the tip
    expect(await call(app, 'stages.deploy', { stageId: dev.id, ref: c2, wait: true })).toMatchObject({ status: 'succeeded', digest: c2 });
    await waitFor('prod auto-promoted to the second commit', async () => (await get(prod.url)).body === 'chain 2\n');
    const promoted = await waitFor('the promote deploy finished', async () => {
      const list = (await call(app, 'deploys.list', { stageId: prod.id })).deploys;
      return list[0]?.status === 'succeeded' ? list : null;
    });
    expect(promoted.map((d) => [d.trigger, d.digest, d.status])).toEqual([
      ['promote', c2, 'succeeded'],
      ['promote', c1, 'succeeded'],
    ]);
    expect(promoted[0]!.reason).toMatch(/^auto-promoted from dev \([0-9a-f]{7} chain two\)$/);
    const live = (await call(app, 'projects.get', { id: p.id })).stages.find((s) => s.id === prod.id)!;
    expect(live.site).toMatchObject({ commit: c2, message: 'chain two' });
  });

  it('a snapshot over the storage limit fails and the old one keeps serving', async () => {
    const big = git.createRepo('it-static-big');
    big.commit({ 'index.html': 'small\n' }, 'small');
    const p = await call(app, 'projects.create', { kind: 'static', name: 'it-static-big', git: { url: big.url }, storageLimitMb: 1 });
    expect(await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true })).toMatchObject({ status: 'succeeded' });
    big.commit({ 'index.html': 'large\n', 'blob.bin': 'x'.repeat(1_200_000) }, 'large');
    const d = await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true });
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/over the storage limit of 1 MB/);
    expect((await get(p.stages[0]!.url)).body).toBe('small\n');
    expect(fs.readdirSync(path.join(dir, 'static', String(p.id), 'snapshots')).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('never serves a file outside the snapshot (traversal, encoded escapes, symlinks)', async () => {
    const port = project.stages[0]!.publicPort;
    fs.writeFileSync(path.join(dir, 'outside-secret.txt'), 'SECRET');
    const live = (await call(app, 'projects.get', { id: project.id })).stages[0]!.site!;
    const snap = app.db.prepare<[number], { dir: string }>("SELECT dir FROM static_snapshots WHERE stage_id = ? AND status = 'live'").get(stageId())!.dir;
    expect(live.commit).toBeTruthy();
    // A symlink planted in the snapshot by someone else must not be followed out.
    fs.symlinkSync(path.join(dir, 'outside-secret.txt'), path.join(snap, 'link.txt'));
    const attempts = ['/../outside-secret.txt', '/../../outside-secret.txt', '/%2e%2e/%2e%2e/outside-secret.txt', '/..%2f..%2foutside-secret.txt', '/%2E%2E%5C..%5Coutside-secret.txt', '/docs/..%2f..%2f..%2foutside-secret.txt', '/link.txt', '/%00', '/docs/%2e%2e/%2e%2e/%2e%2e/etc/passwd'];
    for (const target of attempts) {
      const r = await rawGet(port, target);
      expect([400, 403, 404], target).toContain(r.status);
      expect(r.body).not.toContain('SECRET');
      expect(r.body).not.toContain('root:');
    }
  });

  it('keeps answering after the app is killed', async () => {
    const proxy = app.deployments.proxy();
    expect(proxy).not.toBeNull();
    await app.stop(); // leaves the proxy running, as quitting does
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(stageId()), 'v9.0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`the child exited (${String(code)}) before deploying`)));
      });
      expect(JSON.parse(line)).toMatchObject({ ok: true, value: { status: 'succeeded', error: null } });
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(await get(url())).toEqual({ status: 200, body: 'tagged\n' });
    app = await startApp(dir);
    expect(await get(url())).toEqual({ status: 200, body: 'tagged\n' });
  });

  it('creates, deploys and removes a static project with no Docker engine at all', async () => {
    const alone = createApp({ dataDir: tempDir('slipway-static-noengine-'), mode: 'headless', version: '0.0.0-test', webhookPort: 0, dockerHost: 'unix:///nonexistent/slipway-it/docker.sock' });
    await alone.start();
    try {
      const repo = git.createRepo('it-static-noengine');
      repo.commit({ 'index.html': 'no engine\n' }, 'n1');
      const p = await call(alone, 'projects.create', { kind: 'static', name: 'it-static-noengine', git: { url: repo.url } });
      expect(await call(alone, 'stages.deploy', { stageId: p.stages[0]!.id, wait: true })).toMatchObject({ status: 'succeeded' });
      expect((await get(p.stages[0]!.url)).body).toBe('no engine\n');
      await call(alone, 'projects.remove', { id: p.id });
      expect((await call(alone, 'projects.list', {})).projects).toEqual([]);
      expect(fs.existsSync(path.join(alone.dataDir, 'static', String(p.id)))).toBe(false);
      await expect(get(p.stages[0]!.url)).rejects.toThrow(); // the stable port is closed
    } finally {
      const proxy = alone.deployments.proxy();
      await alone.stop();
      await proxy?.shutdown().catch(() => undefined);
    }
  });

  it('refuses bad input with errors that say what to do', async () => {
    expect((await callError(app, 'projects.create', { kind: 'static', name: 'it-static-bad', git: { url: 'git@host:acme/site.git' } })).message).toContain('http(s) clone URL');
    expect((await callError(app, 'projects.create', { kind: 'static', name: 'it-static-bad', git: { url: site.url, folder: '/../etc' } })).message).toContain('may not contain ".."');
    expect((await callError(app, 'stages.deploy', { stageId: (await call(app, 'projects.list', {})).projects.find((p) => p.kind === 'static')!.stages[0]!.id + 100_000, ref: 'main' })).code).toBe('NOT_FOUND');
  });
});
