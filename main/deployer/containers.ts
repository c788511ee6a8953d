import type Docker from 'dockerode';
import { z } from 'zod';
import { demuxDockerLog, lastLines } from './docker-logs';

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;

/** Removes a container (running or not); a container that is already gone is fine. */
export async function removeContainer(docker: Docker, idOrName: string): Promise<boolean> {
  try {
    await docker.getContainer(idOrName).remove({ force: true, v: false });
    return true;
  } catch (error) {
    const code = statusOf(error);
    if (code === 404) return false;
    // 409: removal already in progress.
    if (code === 409 && /already in progress/i.test(String(error))) return true;
    throw error;
  }
}

/** Stops a container with its grace period; already stopped or gone is fine. */
export async function stopContainer(docker: Docker, id: string, graceSec: number): Promise<'stopped' | 'gone'> {
  try {
    await docker.getContainer(id).stop({ t: graceSec });
    return 'stopped';
  } catch (error) {
    const code = statusOf(error);
    if (code === 304) return 'stopped';
    if (code === 404) return 'gone';
    throw error;
  }
}

/**
 * Makes sure a user-defined bridge network exists (a project's containers join it to reach others by
 * name). One Slipway creates carries its install label; an existing one is used as it is.
 */
export async function ensureNetwork(docker: Docker, name: string, labels: Record<string, string>): Promise<void> {
  try {
    await docker.getNetwork(name).inspect();
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  try {
    await docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: labels });
  } catch (error) {
    // Created meanwhile by a deploy of another stage: fine.
    if (statusOf(error) !== 409) throw error;
  }
}

/** Removes a network; one already gone, or still used by containers Slipway does not own, is left as it is. */
export async function removeNetwork(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getNetwork(id).remove();
  } catch (error) {
    const code = statusOf(error);
    if (code !== 404 && code !== 403 && code !== 409) throw error;
  }
}

/** Starts a container; one that is already running is fine. */
export async function startContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (error) {
    if (statusOf(error) === 304) return;
    throw error;
  }
}

/** The last lines a container printed (stdout and stderr), for failure reasons. */
export async function logTail(docker: Docker, id: string, lines = 5): Promise<string> {
  try {
    const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, tail: 50 })) as unknown;
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
    return lastLines(demuxDockerLog(buf), lines);
  } catch {
    return '';
  }
}

export const ContainerInspectSchema = z.looseObject({
  Id: z.string(),
  Name: z.string().optional(),
  State: z.looseObject({
    Status: z.string(),
    Running: z.boolean(),
    Restarting: z.boolean().optional(),
    ExitCode: z.number().optional(),
    Health: z
      .looseObject({
        Status: z.string(),
        Log: z.array(z.looseObject({ Output: z.string().optional() })).nullable().optional(),
      })
      .nullable()
      .optional(),
  }),
});
export type ContainerInspect = z.infer<typeof ContainerInspectSchema>;

export async function inspectContainer(docker: Docker, id: string): Promise<ContainerInspect | null> {
  try {
    return ContainerInspectSchema.parse(await docker.getContainer(id).inspect());
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/**
 * Settles with the exit code once the container is not running; at once if it already exited.
 * Set it up after the start (a "not-running" wait has no race with a container that dies at
 * once). `cancel` closes the engine request.
 */
export function watchExit(docker: Docker, id: string): { exited: Promise<number>; cancel: () => void } {
  const ac = new AbortController();
  const exited = new Promise<number>((resolve) => {
    docker
      .getContainer(id)
      .wait({ condition: 'not-running', abortSignal: ac.signal })
      .then((r: unknown) => {
        const code = (r as { StatusCode?: unknown }).StatusCode;
        resolve(typeof code === 'number' ? code : -1);
      })
      .catch(() => {
        // Aborted or the engine went away: the health loop's own timeout still applies.
      });
  });
  return { exited, cancel: () => ac.abort() };
}

/** Changes a container's restart policy in place (no restart needed); a container that is gone is fine. */
export async function setRestartPolicy(docker: Docker, id: string, policy: string): Promise<void> {
  try {
    await docker.getContainer(id).update({ RestartPolicy: { Name: policy } });
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw error;
  }
}
