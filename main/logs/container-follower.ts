import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { LogLineTuple } from '../../preload/contract/logs';
import { DockerLogParser } from './docker-log-parser';

export interface FollowOptions {
  readonly tail: number | 'all';
  /** Seconds since the epoch (the engine's unit). */
  readonly since?: number;
  readonly follow: boolean;
}

export interface Follower {
  /** Resolves when the stream ends (container gone, stopped, or `stop()`). */
  readonly done: Promise<void>;
  stop(): void;
}

/**
 * What to read a live instance's output from: its container, or, for a Swarm stage (whose live
 * instance is its service), the service: the output of all its tasks, as `docker service logs`.
 */
async function logSource(docker: Docker, id: string): Promise<{ readonly path: string; readonly tty: boolean; readonly handle: Docker.Container | Docker.Service }> {
  try {
    const info = (await docker.getContainer(id).inspect()) as { Config: { Tty: boolean } };
    return { path: `/containers/${encodeURIComponent(id)}/logs?`, tty: info.Config.Tty, handle: docker.getContainer(id) };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    const service = (await docker.getService(id).inspect()) as { Spec?: { TaskTemplate?: { ContainerSpec?: { TTY?: boolean } } } };
    return { path: `/services/${encodeURIComponent(id)}/logs?`, tty: service.Spec?.TaskTemplate?.ContainerSpec?.TTY ?? false, handle: docker.getService(id) };
  }
}

/** Streams one container's output (or a Swarm service's, across its tasks) through the parser into `onLines` until stopped or the stream ends. */
export async function followContainer(docker: Docker, containerId: string, opts: FollowOptions, onLines: (lines: LogLineTuple[]) => void): Promise<Follower> {
  const source = await logSource(docker, containerId);
  const parser = new DockerLogParser(source.tty);
  const stream = (await (source.handle as Docker.Container).logs({
    follow: true as const,
    stdout: true,
    stderr: true,
    timestamps: true,
    tail: opts.tail === 'all' ? undefined : opts.tail,
    since: opts.since,
  })) as unknown as Readable;
  let stopped = false;
  const done = new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      const lines = parser.push(chunk);
      if (lines.length > 0) onLines(lines);
    });
    const finish = (): void => {
      const rest = parser.end();
      if (rest.length > 0 && !stopped) onLines(rest);
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
  return {
    done,
    stop() {
      stopped = true;
      stream.destroy();
    },
  };
}

/** A container's whole log up to now (no follow), for downloads: parsed lines as they arrive, never held whole. */
export async function readContainerLog(docker: Docker, containerId: string, since: number | undefined, onLines: (lines: LogLineTuple[]) => Promise<void>, tail?: number): Promise<void> {
  const source = await logSource(docker, containerId);
  const parser = new DockerLogParser(source.tty);
  // dockerode buffers a non-following log whole; dial the endpoint as a stream instead.
  const stream = await new Promise<Readable>((resolve, reject) => {
    docker.modem.dial(
      {
        path: source.path,
        method: 'GET',
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: { stdout: true, stderr: true, timestamps: true, follow: false, ...(since === undefined ? {} : { since }), ...(tail === undefined ? {} : { tail }) },
      },
      (err, data) => (err ? reject(err) : resolve(data as Readable)),
    );
  });
  for await (const chunk of stream) {
    const lines = parser.push(chunk as Buffer);
    if (lines.length > 0) await onLines(lines);
  }
  const rest = parser.end();
  if (rest.length > 0) await onLines(rest);
}
