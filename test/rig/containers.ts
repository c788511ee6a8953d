import type Docker from 'dockerode';
import { z } from 'zod';

/** Label on every container the rig helpers create, so a test can remove what it made. */
export const TEST_LABEL = 'slipway.test';

export interface RunningApp {
  readonly id: string;
  readonly container: Docker.Container;
  /** `http://127.0.0.1:<random host port>` bound to the app's port ('' with `publish: false`). */
  readonly url: string;
  readonly hostPort: number | null;
  /** Stops (if running) and removes the container. */
  remove(): Promise<void>;
}

export interface RunAppOptions {
  readonly image: string;
  readonly env?: Readonly<Record<string, string>>;
  /** `hostPath:containerPath[:ro]` bind mounts. */
  readonly binds?: readonly string[];
  /** Container port to publish on 127.0.0.1 (random host port). Default 8080. */
  readonly port?: number;
  /** Value of the `slipway.test` label (for cleanup by test file). */
  readonly label?: string;
  /** Publish the port (default true). Use false for containers expected to exit at once. */
  readonly publish?: boolean;
}

const inspectSchema = z.looseObject({
  NetworkSettings: z.looseObject({
    Ports: z.record(z.string(), z.array(z.looseObject({ HostIp: z.string(), HostPort: z.string() })).nullable()).nullable(),
  }),
});

/** Creates and starts a container publishing its port on 127.0.0.1 (random host port). Does not wait for HTTP. */
export async function runApp(docker: Docker, opts: RunAppOptions): Promise<RunningApp> {
  const port = opts.port ?? 8080;
  const key = `${port}/tcp`;
  const container = await docker.createContainer({
    Image: opts.image,
    Env: Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: { [key]: {} },
    Labels: { [TEST_LABEL]: opts.label ?? 'rig' },
    HostConfig: {
      PortBindings: opts.publish === false ? {} : { [key]: [{ HostIp: '127.0.0.1', HostPort: '' }] },
      Binds: [...(opts.binds ?? [])],
    },
  });
  const remove = async (): Promise<void> => {
    await container.remove({ force: true, v: true }).catch((error: unknown) => {
      if (!/no such container|404/i.test(String(error))) throw error;
    });
  };
  try {
    await container.start();
    if (opts.publish === false) return { id: container.id, container, url: '', hostPort: null, remove };
    const info = inspectSchema.parse(await container.inspect());
    const hostPort = Number(info.NetworkSettings.Ports?.[key]?.[0]?.HostPort);
    if (!hostPort) {
      const logs = await containerLogs(docker, container.id);
      throw new Error(`container ${container.id} has no host port for ${key} (exited already?)\n${logs.stdout}${logs.stderr}`);
    }
    return { id: container.id, container, url: `http://127.0.0.1:${hostPort}`, hostPort, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Polls `url` until it answers any HTTP status (the app is listening). */
export async function waitForHttp(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      return;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(last)}`);
}

/** Removes every container carrying the test label (optionally only one label value). */
export async function removeTestContainers(docker: Docker, label?: string): Promise<number> {
  const filter = label === undefined ? TEST_LABEL : `${TEST_LABEL}=${label}`;
  const list = await docker.listContainers({ all: true, filters: { label: [filter] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  return list.length;
}

/** Removes the local images of a repository (e.g. `localhost:5000/it-deploy/web`); the registry keeps its copies. */
export async function removeLocalImages(docker: Docker, repository: string): Promise<number> {
  const images = await docker.listImages({ all: true });
  const mine = images.filter((img) =>
    [...(img.RepoTags ?? []), ...(img.RepoDigests ?? [])].some((r) => r.startsWith(`${repository}:`) || r.startsWith(`${repository}@`)),
  );
  for (const img of mine) {
    await docker
      .getImage(img.Id)
      .remove({ force: true })
      .catch((error: unknown) => {
        if (!/no such image|404/i.test(String(error))) throw error;
      });
  }
  return mine.length;
}

/** Demultiplexed container logs (non-TTY containers). */
export async function containerLogs(docker: Docker, id: string): Promise<{ stdout: string; stderr: string }> {
  const raw = await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false });
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
  let stdout = '';
  let stderr = '';
  // Docker's stream framing: 1 byte stream id, 3 zero bytes, 4 bytes big-endian length, payload.
  for (let i = 0; i + 8 <= buf.length; ) {
    const stream = buf[i];
    const size = buf.readUInt32BE(i + 4);
    const chunk = buf.subarray(i + 8, i + 8 + size).toString('utf8');
    if (stream === 2) stderr += chunk;
    else stdout += chunk;
    i += 8 + size;
  }
  return { stdout, stderr };
}
