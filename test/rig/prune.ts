import type Docker from 'dockerode';

/** The parts of `GET /images/json` and `GET /containers/json` the selection reads. */
export interface ImageEntry {
  readonly Id: string;
  readonly RepoTags?: readonly string[] | null;
  readonly RepoDigests?: readonly string[] | null;
}
export interface ContainerEntry {
  readonly ImageID: string;
}

const NONE = '<none>:<none>';

/**
 * Test images to remove: every name they carry is in the test registry (`prefix`, e.g. `localhost:5000/`),
 * untagged leftovers of such images included, and no container (running or not) uses them.
 * An image that is also tagged under another name is someone else's and stays.
 */
export function selectTestImages(images: readonly ImageEntry[], containers: readonly ContainerEntry[], prefix: string): ImageEntry[] {
  const used = new Set(containers.map((c) => c.ImageID));
  return images.filter((image) => {
    if (used.has(image.Id)) return false;
    const tags = (image.RepoTags ?? []).filter((t) => t !== NONE);
    const names = tags.length > 0 ? tags : (image.RepoDigests ?? []).filter((d) => !d.startsWith('<none>'));
    return names.length > 0 && names.every((n) => n.startsWith(prefix));
  });
}

/** Removes the test images `selectTestImages` picks (see there); answers their ids. Best effort per image. */
export async function pruneTestImages(docker: Docker, prefix: string): Promise<{ removed: string[]; failed: string[] }> {
  const [images, containers] = await Promise.all([docker.listImages({ all: false }), docker.listContainers({ all: true })]);
  const removed: string[] = [];
  const failed: string[] = [];
  for (const image of selectTestImages(images, containers, prefix)) {
    try {
      // force: one image carries several test tags; noprune: false also drops its now-unused parents.
      await docker.getImage(image.Id).remove({ force: true });
      removed.push(image.Id);
    } catch {
      failed.push(image.Id); // in use by a container made meanwhile, or already gone: both fine at `down`
    }
  }
  return { removed, failed };
}
