import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { VolumeRefSchema, type VolumeRef } from '../../preload/contract/volumes';
import type { RpcError } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { describeIssues } from '../dispatch/describe-issues';
import type { RawRoute } from '../http/raw-route';
import { statusForCode } from '../http/status';
import { isLink } from './fd-walk';
import { joinSegments, volumeSegments } from './safe-path';
import type { VolumeStore } from './volume-store';
import type { VolumeService } from './volume-service';

function refFrom(url: URL): VolumeRef {
  const q = url.searchParams;
  const num = (k: string): number | undefined => (q.get(k) === null || q.get(k) === '' ? undefined : Number(q.get(k)));
  const text = (k: string): string | undefined => {
    const v = q.get(k);
    return v === null || v === '' ? undefined : v;
  };
  const parsed = VolumeRefSchema.safeParse({ projectId: num('projectId'), target: q.get('target') ?? undefined, stageId: num('stageId'), instanceId: num('instanceId'), service: text('service'), engine: text('engine') });
  if (!parsed.success) throw new AppError('INVALID_INPUT', describeIssues(parsed.error));
  return parsed.data;
}

/** The volume and the path inside it that a transfer URL names. */
function fileAt(url: URL): { ref: VolumeRef; segments: readonly string[] } {
  return { ref: refFrom(url), segments: volumeSegments(url.searchParams.get('path') ?? '') };
}

function fail(res: ServerResponse, error: unknown): void {
  const rpc: RpcError = error instanceof AppError ? error.toRpc() : { code: 'INTERNAL', message: `The transfer failed: ${error instanceof Error ? error.message : String(error)}` };
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(statusForCode[rpc.code], { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ ok: false, error: rpc }));
}

/** `attachment; filename*=` with RFC 5987 encoding, so any file name survives. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const formatBytes = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

const tooLarge = (max: number): AppError =>
  new AppError('TOO_LARGE', `Uploads are limited to ${formatBytes(max)} (Settings → maxUploadBytes). Raise the limit or copy the file into the volume another way.`);

/** Stops a stream that carries more than `max` bytes (a body without Content-Length). */
function capped(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > max ? tooLarge(max) : null, chunk);
    },
  });
}

/**
 * An upload body without Content-Length is spooled to a temp file first (a tar entry needs its size
 * up front), and cut off past the limit; a declared size is checked before anything is written.
 */
async function sizedBody(req: IncomingMessage, max: number): Promise<{ body: Readable; size: number; cleanup: () => Promise<void> }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isInteger(declared) && declared >= 0) {
    if (declared > max) throw tooLarge(max);
    return { body: req, size: declared, cleanup: () => Promise.resolve() };
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'slipway-upload-'));
  const file = path.join(dir, 'body');
  const cleanup = (): Promise<void> => fsp.rm(dir, { recursive: true, force: true });
  try {
    await pipeline(req, capped(max), fs.createWriteStream(file, { mode: 0o600 }));
  } catch (e) {
    await cleanup();
    throw e;
  }
  const { size } = await fsp.stat(file);
  return { body: fs.createReadStream(file), size, cleanup };
}

/** Refuses an upload that would not fit, before a byte of it is written. */
async function checkFreeSpace(store: VolumeStore, dir: readonly string[], size: number): Promise<void> {
  const free = await store.freeBytes(dir);
  if (free !== null && size > free) {
    throw new AppError('TOO_LARGE', `The file (${formatBytes(size)}) does not fit: the volume's disk has ${formatBytes(free)} free. Free some space and try again.`);
  }
}

/**
 * GET  /api/raw/volumes/file?projectId&target[&stageId][&instanceId][&service][&engine]&path  → the file (a folder as .tar)
 * PUT  same                                                               → stores the body as that file
 */
export function volumeRawRoutes(service: VolumeService, limits: { readonly maxUploadBytes: () => number }): RawRoute[] {
  const file = /^\/api\/raw\/volumes\/file$/;
  return [
    {
      method: 'GET',
      path: file,
      async handle(_req, res, _match, url) {
        try {
          const { ref, segments } = fileAt(url);
          await service.with(ref, async (store) => {
            const info = await store.stat(segments);
            if (info.kind === 'symlink') throw isLink(segments);
            const base = segments[segments.length - 1] ?? (ref.target.split('/').filter(Boolean).pop() ?? 'volume');
            const isDir = info.kind === 'dir';
            const stream = isDir ? await store.readTar(segments) : await store.read(segments);
            res.writeHead(200, {
              'content-type': isDir ? 'application/x-tar' : 'application/octet-stream',
              'content-disposition': contentDisposition(isDir ? `${base}.tar` : base),
              'cache-control': 'no-store',
              'x-content-type-options': 'nosniff',
              ...(isDir ? {} : { 'content-length': String(info.size) }),
            });
            await pipeline(stream, res);
          });
        } catch (e) {
          fail(res, e);
        }
      },
    },
    {
      method: 'PUT',
      path: file,
      async handle(req, res, _match, url) {
        try {
          const { ref, segments } = fileAt(url);
          if (segments.length === 0) throw new AppError('INVALID_INPUT', 'Give the path of the file to write, e.g. path=uploads/report.csv.');
          const { body, size, cleanup } = await sizedBody(req, limits.maxUploadBytes());
          try {
            await service.with(ref, async (s) => {
              await checkFreeSpace(s, segments.slice(0, -1), size);
              await s.write(segments, body, size);
            });
          } finally {
            await cleanup();
          }
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
          res.end(JSON.stringify({ ok: true, value: { path: joinSegments(segments), size } }));
        } catch (e) {
          req.resume();
          fail(res, e);
        }
      },
    },
  ];
}
