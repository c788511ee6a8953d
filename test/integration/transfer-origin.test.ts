import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { APP_ORIGIN, transferOrigins } from '../../main/electron/app-origin';
import { newToken } from '../../main/http/auth';
import { startApiServer, type ApiServer } from '../../main/http/server';
import { startApp, stopApp, tempDir } from './hooks-support';

/** The desktop window's loopback transfer server, as main/index.ts starts it: only the app:// page may call it. */
describe('desktop transfer server origins', () => {
  const dataDir = tempDir('slw-it-transfer-');
  const token = newToken();
  let app: App;
  let server: ApiServer;

  beforeAll(async () => {
    app = await startApp(dataDir);
    server = await startApiServer(
      { dispatch: app.dispatch, bus: app.bus, replay: (a, l) => app.replayEvents(a, l), token, staticRoot: null, rawRoutes: app.rawRoutes, corsOrigins: transferOrigins(undefined), transferOnly: true, tickets: app.downloadTickets },
      '127.0.0.1',
      0,
    );
  });

  afterAll(async () => {
    await server.close();
    await stopApp(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const raw = (origin: string | null, init: RequestInit = {}): Promise<Response> =>
    fetch(`${server.origin}/api/raw/volumes/file?volumeId=nope&path=/x`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(origin === null ? {} : { origin }), ...(init.headers as Record<string, string> | undefined) },
    });

  it('refuses Origin: null (any file:// page or sandboxed frame sends it), even with the token', async () => {
    const res = await raw('null');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Cross-origin requests are refused/);
    expect((await raw('file://')).status).toBe(403);
    expect((await raw('http://127.0.0.1:5173')).status).toBe(403);
  });

  it('answers the app page, preflight included (with the private-network permission Chromium asks for)', async () => {
    const res = await raw(APP_ORIGIN);
    expect(res.status).not.toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const pre = await fetch(`${server.origin}/api/raw/volumes/file`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-private-network': 'true' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
    const nullPre = await fetch(`${server.origin}/api/raw/volumes/file`, { method: 'OPTIONS', headers: { origin: 'null', 'access-control-request-method': 'PUT' } });
    expect(nullPre.status).toBe(403);
  });
});
