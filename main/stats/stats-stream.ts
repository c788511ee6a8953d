import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { cpuPercent, DockerStatsSchema, memoryUsed } from './stats-math';

/** What one container's stats sample says. */
export interface ContainerSample {
  readonly cpuPercent: number | null;
  readonly memoryBytes: number | null;
  readonly memoryLimitBytes: number | null;
}

/**
 * Streams a container's stats (about one sample a second) into `onSample` until the stream is
 * destroyed or ends (`onEnd`: the container stopped). Answers the stream, to destroy.
 */
export async function streamStats(container: Docker.Container, onSample: (s: ContainerSample) => void, onEnd: () => void): Promise<Readable> {
  // Without a limit the engine reports the host's memory as the limit: show none rather than that.
  const limited = await container.inspect().then(
    (i: { HostConfig?: { Memory?: unknown } }) => typeof i.HostConfig?.Memory === 'number' && i.HostConfig.Memory > 0,
    () => false,
  );
  const stream = (await container.stats({ stream: true })) as unknown as Readable;
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line === '') continue;
      try {
        const parsed = DockerStatsSchema.safeParse(JSON.parse(line));
        if (!parsed.success) continue;
        const limit = parsed.data.memory_stats.limit;
        onSample({ cpuPercent: cpuPercent(parsed.data), memoryBytes: memoryUsed(parsed.data), memoryLimitBytes: limited ? (limit ?? null) : null });
      } catch {
        // a torn line; the next one is whole
      }
    }
  });
  stream.on('end', onEnd);
  stream.on('error', onEnd);
  return stream;
}
