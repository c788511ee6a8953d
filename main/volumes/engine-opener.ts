import path from 'node:path';
import type Docker from 'dockerode';
import { AppError } from '../dispatch/app-error';
import { EngineStore } from './engine-store';

export const HELPER_LABEL = 'slipway.helper';
const HELPER_MOUNT = '/slipway-volume';

const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'statusCode' in e ? Number(e.statusCode) : undefined;

/** Runs `rm -rf` inside a running container; the image must have `rm`. */
async function execRemove(docker: Docker, containerId: string, absolutePath: string): Promise<void> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: ['rm', '-rf', '--', absolutePath], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  let output = '';
  stream.on('data', (b: Buffer) => (output += b.toString('utf8')));
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  if (info.ExitCode !== 0) throw new AppError('CONFLICT', `Deleting failed inside the container (exit ${String(info.ExitCode)}): ${output.replace(/[^\x20-\x7e]/g, ' ').trim()}`);
}

/** Deletes through a short-lived container of the given image with the volume mounted. */
async function helperRemove(docker: Docker, image: string, volume: string, rel: string): Promise<void> {
  const c = await docker.createContainer({
    Image: image,
    Entrypoint: ['rm', '-rf', '--', path.posix.join(HELPER_MOUNT, rel)],
    Cmd: [],
    Labels: { [HELPER_LABEL]: 'volume-delete' },
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: HELPER_MOUNT }] },
  });
  try {
    await c.start();
    const result = (await c.wait()) as { StatusCode?: number };
    if (result.StatusCode !== 0) throw new AppError('CONFLICT', `Deleting failed (rm exited with ${String(result.StatusCode)}).`);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('CONFLICT', `Slipway deletes inside Docker volumes with the project's image, and it has no usable \`rm\`: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/** A container that mounts a named volume: a running one is preferred (deletes can exec in it). */
async function findMounting(docker: Docker, volume: string): Promise<{ id: string; running: boolean; mountPath: string; image: string } | null> {
  const list = await docker.listContainers({ all: true, filters: { volume: [volume] } });
  const withMount = list
    .filter((c) => c.Labels[HELPER_LABEL] === undefined)
    .map((c) => ({ c, mount: c.Mounts.find((m) => m.Type === 'volume' && m.Name === volume) }))
    .filter((x) => x.mount !== undefined);
  const pick = withMount.find((x) => x.c.State === 'running') ?? withMount[0];
  if (!pick?.mount) return null;
  return { id: pick.c.Id, running: pick.c.State === 'running', mountPath: pick.mount.Destination, image: pick.c.ImageID };
}

/**
 * Opens a named Docker volume: through a container that already mounts it, or else a helper
 * container (created, never started: the archive API works on it) from an image already on the engine.
 */
export async function openNamedVolume(docker: Docker, volume: string, localImages: readonly string[]): Promise<EngineStore> {
  try {
    await docker.getVolume(volume).inspect();
  } catch (e) {
    if (statusOf(e) === 404) throw new AppError('NOT_FOUND', `The Docker volume "${volume}" does not exist yet: the first deploy creates it.`);
    throw e;
  }
  const found = await findMounting(docker, volume);
  if (found) {
    return new EngineStore({
      docker,
      containerId: found.id,
      mountPath: found.mountPath,
      removePath: async (abs) =>
        found.running ? execRemove(docker, found.id, abs) : helperRemove(docker, found.image, volume, path.posix.relative(found.mountPath, abs)),
      release: () => Promise.resolve(),
    });
  }
  const image = localImages[0];
  if (image === undefined) throw new AppError('NOT_FOUND', `No image of this project is on the engine yet, so Slipway cannot open "${volume}". Deploy once and try again.`);
  const helper = await docker.createContainer({
    Image: image,
    Entrypoint: ['/slipway-never-started'],
    Cmd: [],
    Labels: { [HELPER_LABEL]: 'volume-browse' },
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: HELPER_MOUNT }] },
  });
  return new EngineStore({
    docker,
    containerId: helper.id,
    mountPath: HELPER_MOUNT,
    removePath: (abs) => helperRemove(docker, image, volume, path.posix.relative(HELPER_MOUNT, abs)),
    release: async () => {
      await helper.remove({ force: true }).catch(() => undefined);
    },
  });
}
