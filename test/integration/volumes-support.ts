import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawRoute } from '../../main/http/raw-route';

/** A loopback HTTP server for raw routes only (what the real API server does for /api/raw/, minus auth). */
export async function serveRawRoutes(routes: readonly RawRoute[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    for (const r of routes) {
      const m = r.method === req.method ? r.path.exec(url.pathname) : null;
      if (m) {
        void Promise.resolve(r.handle(req, res, m, url));
        return;
      }
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
