import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../main/docker/engine';
import { startServe, type ServeHandle } from '../support/serve';
import { removeInstall } from '../support/cleanup-install';
import { requireEngine } from '../rig/engine-available';

const engine = requireEngine();
const handles: ServeHandle[] = [];
afterAll(async () => {
  for (const h of handles) {
    await h.stop('SIGKILL');
    await removeInstall(h.dataDir);
  }
});

async function serve(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<ServeHandle> {
  const h = await startServe({ env, args });
  handles.push(h);
  return h;
}

describe.skipIf(!engine.available)('slipway serve', () => {
  it('writes runtime.json, guards the API with the token and reports the engine', async () => {
    const h = await serve();
    const rt = h.runtime;
    expect(rt.pid).toBe(h.process.pid);
    expect(rt.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(rt.uiUrl).toContain(rt.token);
    expect(rt.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(rt.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhook\/[0-9a-f-]{36}$/);
    expect(fs.statSync(path.join(h.dataDir, 'runtime.json')).mode & 0o077).toBe(0);
    expect(h.output()).toContain(rt.uiUrl);

    const anonymous = await fetch(`${rt.apiUrl}/system.status`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${rt.apiUrl}/system.status`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);

    const status = await h.call('system.status');
    expect(status.ok).toBe(true);
    expect(status.value).toMatchObject({ mode: 'headless', dataDir: h.dataDir, engine: { reachable: true } });
    expect((status.value as { engine: { version: string } }).engine.version).toMatch(/^\d+\.\d+/);

    const bad = await h.call('settings.update', { pollSchedule: 'every minute' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(bad.error?.message).toContain('cron');
  });

  it('serves the renderer and streams events over SSE, replaying what a reconnecting client missed', async () => {
    const h = await serve();
    const page = await fetch(h.runtime.uiUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Content-Security-Policy');
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");

    const controller = new AbortController();
    const res = await fetch(`${h.runtime.apiUrl}/stream?token=${h.runtime.token}&since=1`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const until = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += Buffer.from(value).toString();
      }
    };
    await until('app.started');
    await h.call('webhook.regenerate');
    await until('webhook.regenerated');
    controller.abort();
  });

  it('regenerating the secret changes the webhook URL and runtime.json at once; the old URL answers 404', async () => {
    const h = await serve();
    const before = h.runtime.webhookUrl;
    const r = await h.call('webhook.regenerate');
    const after = (r.value as { url: string }).url;
    expect(after).not.toBe(before);
    const rt = JSON.parse(fs.readFileSync(path.join(h.dataDir, 'runtime.json'), 'utf8')) as { webhookUrl: string };
    expect(rt.webhookUrl).toBe(after);
    const old = await fetch(before, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const unknown = await fetch(before.replace(/webhook\/.*/, 'nothing-here'), { method: 'POST', body: '{}' });
    expect(old.status).toBe(404);
    expect(await old.text()).toBe(await unknown.text());
  });

  it('stops cleanly on SIGTERM: exit 0, runtime.json removed, store closed', async () => {
    const h = await serve();
    const code = await h.stop('SIGTERM');
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(h.dataDir, 'runtime.json'))).toBe(false);
    // A cleanly closed WAL database leaves no -wal file behind.
    expect(fs.existsSync(path.join(h.dataDir, 'slipway.db-wal'))).toBe(false);
  });

  it('--docker-host picks the engine over DOCKER_HOST, and the banner says it answers', async () => {
    const rig = process.env['DOCKER_HOST'] ?? '';
    const h = await serve({ DOCKER_HOST: `unix://${os.tmpdir()}/slipway-no-engine.sock` }, ['--docker-host', rig]);
    const lines = h.output().split('\n');
    expect(lines[0]).toMatch(/^Slipway \S+ is running\.$/);
    expect(h.output()).toMatch(new RegExp(`engine: Docker \\d+\\.\\d+\\S* at ${rig.replace(/[/.]/g, '\\$&')} ✔`));
    expect((await h.call('system.status')).value).toMatchObject({ engine: { reachable: true, host: rig } });
  });

  it('the banner says when the engine at --docker-host does not answer, and what to do', async () => {
    const dead = `unix://${os.tmpdir()}/slipway-no-engine-${String(process.pid)}.sock`;
    const h = await serve({}, ['--docker-host', dead]);
    expect(h.output()).toContain(`engine unreachable at ${dead}: start Docker or pass --docker-host URL`);
    expect((await h.call('system.status')).value).toMatchObject({ engine: { reachable: false, host: dead } });
  });

  it('refuses a --docker-host it cannot use, with the usage', async () => {
    await expect(startServe({ args: ['--docker-host', 'ftp://nowhere'] })).rejects.toThrow(/--docker-host: Docker endpoint "ftp:\/\/nowhere" is not understood/);
  });

  it('keeps running without an engine and says what to do', async () => {
    const h = await serve({ DOCKER_HOST: `unix://${os.tmpdir()}/slipway-no-engine.sock` });
    const status = await h.call('system.status');
    expect(status.value).toMatchObject({ engine: { reachable: false } });
    expect((status.value as { engine: { hint: string } }).engine.hint).toMatch(/Start Docker/);
  });
});

describe.skipIf(!engine.available)('engine connection', () => {
  it('reconnects by itself when the engine comes back', async () => {
    const real = (process.env['DOCKER_HOST'] ?? '').replace(/^unix:\/\//, '');
    const dir = fs.mkdtempSync(path.join('/tmp', 'slw-e-'));
    const sock = path.join(dir, 'd.sock');
    const e = new Engine(`unix://${sock}`, { up: 200, down: 100 });
    const changes: boolean[] = [];
    e.onChange((s) => changes.push(s.reachable));
    await e.start();
    expect(e.status.reachable).toBe(false);
    expect(() => e.docker()).toThrow(/not answering/);

    // Bring "the engine" up: a socket forwarding to the real one.
    const relay = net.createServer((c) => {
      const up = net.connect(real);
      c.pipe(up).pipe(c);
      c.on('error', () => up.destroy());
      up.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => relay.listen(sock, r));
    const deadline = Date.now() + 5000;
    while (!e.status.reachable && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(e.status.reachable).toBe(true);
    expect(changes).toContain(true);
    expect(await e.docker().ping()).toBeTruthy();
    e.stop();
    relay.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
