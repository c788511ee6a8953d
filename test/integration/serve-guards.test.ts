import http from 'node:http';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../support/serve';

const handles: ServeHandle[] = [];
afterAll(async () => {
  for (const h of handles) {
    await h.stop('SIGKILL');
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  }
});

/** A raw request, so that the Host header is exactly what a rebinding page's browser would send. */
function request(url: string, opts: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: opts.method ?? 'GET', headers: { host: opts.host ?? u.host, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('slipway serve: Host, token placement, method names', () => {
  it('answers only under its own names, takes ?token= only on the stream and downloads, and says 400 to a bad % escape', async () => {
    const h = await startServe();
    handles.push(h);
    const rt = h.runtime;
    const port = new URL(rt.apiUrl).port;
    const auth = { authorization: `Bearer ${rt.token}` };
    const call = (host?: string): Promise<{ status: number; body: string }> =>
      request(`${rt.apiUrl}/system.status`, { method: 'POST', host, headers: auth, body: '{}' });

    // DNS rebinding: the right port and token, but the page's own name
    for (const host of [`evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${String(Number(port) + 1)}`, '127.0.0.1']) {
      expect((await call(host)).status).toBe(421);
    }
    expect((await request(rt.uiUrl, { host: `evil.example:${port}` })).status).toBe(421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await call(host)).status).toBe(200);

    // the token in the query string opens the event stream, not the calls
    expect((await request(`${rt.apiUrl}/system.status?token=${rt.token}`, { method: 'POST', body: '{}' })).status).toBe(401);
    const stream = await new Promise<number>((resolve, reject) => {
      const req = http.get(`${rt.apiUrl}/stream?token=${rt.token}`, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', (e) => ((e as { code?: string }).code === 'ECONNRESET' ? undefined : reject(e)));
    });
    expect(stream).toBe(200);
    // downloads take it too (a missing project is a 4xx from the route, not 401)
    expect((await request(`${rt.apiUrl}/raw/volumes/file?projectId=999&target=%2Fdata&path=x&token=${rt.token}`)).status).toBe(404);
    expect((await request(`${rt.apiUrl}/raw/volumes/file?projectId=999&target=%2Fdata&path=x`)).status).toBe(401);

    // a single-use download link: no token in it, works once, only for its own file
    const link = (await h.call('system.downloadUrl', { path: '/api/raw/volumes/file', params: { projectId: 999, target: '/data', path: 'x' } })) as { ok: boolean; value: { url: string } };
    expect(link.ok).toBe(true);
    expect(link.value.url).not.toContain(rt.token);
    const other = new URL(link.value.url);
    other.searchParams.set('path', 'y');
    expect((await request(other.toString())).status).toBe(401);
    const again = (await h.call('system.downloadUrl', { path: '/api/raw/volumes/file', params: { projectId: 999, target: '/data', path: 'x' } })) as { value: { url: string } };
    expect((await request(again.value.url)).status).toBe(404);
    expect((await request(again.value.url)).status).toBe(401);

    // a malformed escape in the method name is the caller's mistake
    const bad = await request(`${rt.apiUrl}/system.%E0%A4%A`, { method: 'POST', headers: auth, body: '{}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
