/** Where the rig keeps its private engine, registry and caches. Short on purpose: unix socket paths are limited to ~100 bytes. */
export const RIG_DIR = '/tmp/slw';

export type RigPaths = ReturnType<typeof rigPathsFor>;

export function rigPathsFor(dir: string) {
  return {
    dir,
    socket: `${dir}/docker.sock`,
    dataRoot: `${dir}/data`,
    execRoot: `${dir}/exec`,
    pidFile: `${dir}/pid`,
    engineLog: `${dir}/dockerd.log`,
    registryConfig: `${dir}/registry.yml`,
    registryRoot: `${dir}/reg`,
    registryLog: `${dir}/registry.log`,
    state: `${dir}/rig.json`,
    lock: `${dir}/rig.lock`,
    fixtureCache: `${dir}/fixtures`,
  } as const;
}

export const rigPaths = rigPathsFor(RIG_DIR);
export const RIG_DOCKER_HOST = `unix://${rigPaths.socket}`;
export const REGISTRY_ADDR = '127.0.0.1:5000';
/** How images in the loopback registry are named (the daemon trusts localhost without TLS). */
export const REGISTRY = 'localhost:5000';
