import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { RawRoute } from '../../main/http/raw-route';
import type { VolumeRef } from '../../preload/contract';

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

/** The raw transfer URL of one file in a volume copy (what the window builds for downloads and uploads). */
export function rawFileUrl(base: string, ref: VolumeRef, file: string): string {
  const q = new URLSearchParams({ path: file });
  for (const [k, v] of Object.entries(ref)) if (v !== undefined) q.set(k, String(v));
  return `${base}/api/raw/volumes/file?${q.toString()}`;
}

/** Runs `sh -c cmd` in a container; answers its stdout (the engine's stream demultiplexed). */
export async function execIn(docker: Docker, containerId: string, cmd: string): Promise<string> {
  const e = await docker.getContainer(containerId).exec({ Cmd: ['sh', '-c', cmd], AttachStdout: true, AttachStderr: true });
  const stream = await e.start({});
  const out = new PassThrough();
  const err = new PassThrough();
  docker.modem.demuxStream(stream, out, err);
  let text = '';
  out.on('data', (b: Buffer) => (text += b.toString('utf8')));
  err.resume();
  await new Promise((resolve) => stream.on('end', resolve));
  return text;
}
