import type Docker from 'dockerode';

export const DEFAULT_DOCKER_HOST = process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

/** Where to reach the engine: the setting, else DOCKER_HOST, else the platform default. */
export function resolveDockerHost(setting: string | null, env: NodeJS.ProcessEnv = process.env): string {
  return setting ?? env['DOCKER_HOST'] ?? DEFAULT_DOCKER_HOST;
}

/** Parses unix://, npipe://, tcp:// and http(s):// endpoints into dockerode options. */
export function dockerOptions(host: string): Docker.DockerOptions {
  const url = parseUrl(host);
  switch (url.protocol) {
    case 'unix:':
    case 'npipe:':
      return { socketPath: decodeURIComponent(url.pathname || url.host) };
    case 'tcp:':
    case 'http:':
      return { protocol: 'http', host: url.hostname, port: Number(url.port || 2375) };
    case 'https:':
      return { protocol: 'https', host: url.hostname, port: Number(url.port || 2376) };
    default:
      throw new Error(`Docker endpoint "${host}" is not understood: use unix:///path/to/docker.sock or tcp://host:port.`);
  }
}

function parseUrl(host: string): URL {
  try {
    return new URL(host);
  } catch {
    throw new Error(`Docker endpoint "${host}" is not a URL: use unix:///path/to/docker.sock or tcp://host:port.`);
  }
}
