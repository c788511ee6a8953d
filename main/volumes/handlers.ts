import type { Readable } from 'node:stream';
import type { PartialHandlers } from '../dispatch/dispatch';
import { AppError } from '../dispatch/app-error';
import { isLink } from './fd-walk';
import { previewText } from './preview-text';
import { joinSegments, volumeSegments } from './safe-path';
import type { VolumeService } from './volume-service';

/** Reads at most `max` bytes from a stream, then stops it (what is left is never read). */
function head(stream: Readable, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      // Errors from tearing the source down early are expected once we have what we need.
      stream.on('error', () => undefined);
      stream.destroy();
      resolve(Buffer.concat(chunks).subarray(0, max));
    };
    stream.on('data', (chunk: Buffer | string) => {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      chunks.push(b);
      got += b.length;
      if (got >= max) finish();
    });
    stream.on('end', finish);
    stream.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}

export function volumeHandlers(service: VolumeService): PartialHandlers<'volumes.list' | 'volumes.browse' | 'volumes.preview' | 'volumes.mkdir' | 'volumes.delete'> {
  return {
    'volumes.list': ({ projectId }) => ({ volumes: [...service.views(projectId)] }),
    'volumes.browse': async ({ ref, path }) => {
      const segments = volumeSegments(path);
      const listing = await service.with(ref, (s) => s.list(segments));
      return { path: joinSegments(segments), entries: [...listing.entries], truncated: listing.truncated };
    },
    'volumes.preview': async ({ ref, path, maxBytes }) => {
      const segments = volumeSegments(path);
      return service.with(ref, async (s) => {
        const info = await s.stat(segments);
        if (info.kind === 'symlink') throw isLink(segments);
        if (info.kind !== 'file') throw new AppError('CONFLICT', `"${joinSegments(segments)}" is a folder; open it instead.`);
        const sample = await head(await s.read(segments), maxBytes);
        return { path: joinSegments(segments), size: info.size, mtime: info.mtime, text: previewText(sample), truncated: info.size > sample.length };
      });
    },
    'volumes.mkdir': async ({ ref, path }) => {
      const segments = volumeSegments(path);
      await service.with(ref, (s) => s.mkdir(segments));
      return { ok: true as const };
    },
    'volumes.delete': async ({ ref, path }) => {
      const segments = volumeSegments(path);
      if (segments.length === 0) throw new AppError('FORBIDDEN_PATH', 'The root of a volume cannot be deleted; delete what is inside instead.');
      await service.with(ref, (s) => s.remove(segments));
      return { ok: true as const };
    },
  };
}
