import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import mime from 'mime-types';
import { InflightCounter } from './inflight';
import { ignoreError, listenLoopback, type Logger } from './listen';
import { closeHttpServer, type RouteRuntime } from './route-runtime';
import { notModified, parseRange, resolveStaticPath } from './static-path';
import { unavailableBody } from './unavailable-page';

interface Entry {
  readonly kind: 'file' | 'dir' | 'missing' | 'outside';
  readonly file?: string;
  readonly size?: number;
  readonly mtimeMs?: number;
  readonly etag?: string;
  readonly type?: string;
  /** Small files are kept in memory: a snapshot never changes. */
  body?: Buffer;
}

const SMALL = 128 * 1024;
const CACHE_BYTES = 32 * 1024 * 1024;
const CACHE_ENTRIES = 20_000;

/**
 * Static mode: serves an immutable snapshot directory. Switching to another snapshot is one
 * assignment, so every request sees either the old or the new site. Nothing outside the root is
 * ever served: paths are checked segment by segment, and the real path of each file (symlinks
 * resolved) must lie inside the real root.
 */
export class StaticRoute implements RouteRuntime {
  readonly mode = 'static' as const;
  readonly inflight = new InflightCounter();
  readonly target = null;
  private current: { root: string; real: string; cache: Map<string, Entry>; bytes: number } | null = null;
  private readonly server: http.Server;

  constructor(
    readonly key: string,
    readonly publicPort: number,
    root: string | null,
    private readonly log: Logger,
  ) {
    this.setRoot(root);
    this.server = http.createServer({ requestTimeout: 60_000, headersTimeout: 60_000, keepAliveTimeout: 5_000, noDelay: true }, (req, res) => this.onRequest(req, res));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || !socket.writable) socket.destroy();
      else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
    this.server.on('error', (err) => this.log(`${key}: listener error: ${err.message}`));
  }

  get root(): string | null {
    return this.current?.root ?? null;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  setUpstreams(): void {}

  setRoot(root: string | null): void {
    if (root === (this.current?.root ?? null)) return;
    if (root === null) {
      this.current = null;
      return;
    }
    let real: string;
    try {
      real = fs.realpathSync(root);
    } catch {
      this.log(`${this.key}: ${root} is missing; answering 503`);
      this.current = null;
      return;
    }
    this.current = { root, real, cache: new Map(), bytes: 0 };
  }

  listen(): Promise<void> {
    return listenLoopback(this.server, this.publicPort);
  }

  async close(graceMs: number): Promise<void> {
    await closeHttpServer(this.server, this.inflight, graceMs);
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    req.on('error', ignoreError);
    res.on('error', ignoreError);
    const release = this.inflight.begin(0);
    res.once('close', release);
    const site = this.current;
    if (!site) {
      const u = unavailableBody('no-site', this.key, req.headers.accept);
      res.writeHead(u.status, { 'content-type': u.contentType, 'cache-control': 'no-store' });
      res.end(u.body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Only GET and HEAD are served here.\n');
      return;
    }
    const target = req.url ?? '/';
    const p = resolveStaticPath(target);
    if (!p.ok) {
      res.writeHead(p.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${p.why}\n`);
      return;
    }
    const rel = p.segments.join('/');
    let entry = this.lookup(site, rel);
    if (entry.kind === 'dir') {
      if (!p.trailingSlash) {
        const q = target.indexOf('?');
        res.writeHead(301, { location: `/${p.segments.map(encodeURIComponent).join('/')}/${q < 0 ? '' : target.slice(q)}` });
        res.end();
        return;
      }
      entry = this.lookup(site, rel === '' ? 'index.html' : `${rel}/index.html`);
    }
    if (entry.kind !== 'file') {
      this.notFound(site, req, res);
      return;
    }
    this.sendFile(req, res, entry, 200);
  }

  private notFound(site: NonNullable<StaticRoute['current']>, req: http.IncomingMessage, res: http.ServerResponse): void {
    const custom = this.lookup(site, '404.html');
    if (custom.kind === 'file') {
      this.sendFile(req, res, custom, 404);
      return;
    }
    const body =
      '<!doctype html><html><head><meta charset="utf-8"><title>Not found</title></head>' +
      '<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>Not found</h1><p>This site has no page at this address.</p></body></html>\n';
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private sendFile(req: http.IncomingMessage, res: http.ServerResponse, e: Entry, status: 200 | 404): void {
    const size = e.size ?? 0;
    const headers: http.OutgoingHttpHeaders = {
      'content-type': e.type,
      etag: e.etag,
      'last-modified': new Date(e.mtimeMs ?? 0).toUTCString(),
      // The URL stays while the snapshot behind it changes: clients revalidate (cheap, 304).
      'cache-control': 'no-cache',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    };
    if (status === 200 && notModified({ ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] }, e.etag ?? '', e.mtimeMs ?? 0)) {
      res.writeHead(304, { etag: e.etag, 'last-modified': headers['last-modified'], 'cache-control': 'no-cache' });
      res.end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const range = status === 200 && (ifRange === undefined || ifRange === e.etag) ? parseRange(req.headers.range, size) : null;
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'content-range': `bytes */${String(size)}`, 'content-type': 'text/plain; charset=utf-8' });
      res.end('Range not satisfiable\n');
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    headers['content-length'] = size === 0 ? 0 : end - start + 1;
    if (range) headers['content-range'] = `bytes ${String(start)}-${String(end)}/${String(size)}`;
    res.writeHead(range ? 206 : status, headers);
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    if (e.body) {
      res.end(range ? e.body.subarray(start, end + 1) : e.body);
      return;
    }
    const stream = fs.createReadStream(e.file!, { start, end });
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** What a relative path names in the snapshot; cached, as a snapshot never changes. */
  private lookup(site: NonNullable<StaticRoute['current']>, rel: string): Entry {
    const hit = site.cache.get(rel);
    if (hit) return hit;
    const entry = this.inspect(site.real, rel);
    if (entry.kind === 'file' && (entry.size ?? 0) <= SMALL && site.bytes + (entry.size ?? 0) <= CACHE_BYTES) {
      try {
        entry.body = fs.readFileSync(entry.file!);
        site.bytes += entry.body.length;
      } catch {
        return { kind: 'missing' };
      }
    }
    if (site.cache.size < CACHE_ENTRIES) site.cache.set(rel, entry);
    return entry;
  }

  private inspect(realRoot: string, rel: string): Entry {
    const full = rel === '' ? realRoot : path.join(realRoot, ...rel.split('/'));
    let real: string;
    try {
      real = fs.realpathSync(full);
    } catch {
      return { kind: 'missing' };
    }
    // A symlink (or anything else) resolving outside the snapshot is as good as absent.
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return { kind: 'outside' };
    let st: fs.Stats;
    try {
      st = fs.statSync(real);
    } catch {
      return { kind: 'missing' };
    }
    if (st.isDirectory()) return { kind: 'dir' };
    if (!st.isFile()) return { kind: 'missing' };
    const type = mime.contentType(path.extname(real) || 'application/octet-stream') || 'application/octet-stream';
    return { kind: 'file', file: real, size: st.size, mtimeMs: st.mtimeMs, etag: `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}-${st.ino.toString(16)}"`, type };
  }
}
