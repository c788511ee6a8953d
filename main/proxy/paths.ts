import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export interface ProxyPaths {
  readonly stateDir: string;
  /** Unix socket (or Windows named pipe) of the control channel. */
  readonly control: string;
  readonly pidFile: string;
  readonly routesFile: string;
  readonly logFile: string;
}

/** Unix socket paths are limited to ~104–108 bytes depending on the OS. */
const MAX_SOCKET_PATH = 100;

/**
 * Where the proxy of one state directory keeps its files. Pure: the app and the proxy compute
 * the same answer from the same inputs. A state dir too deep for a unix socket gets a socket
 * under the temp dir, named by a hash of the state dir.
 */
export function proxyPaths(stateDir: string, platform: NodeJS.Platform = process.platform, tmpDir = os.tmpdir()): ProxyPaths {
  const dir = path.resolve(stateDir);
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const socket = path.join(dir, 'proxy.sock');
  const control =
    platform === 'win32'
      ? `\\\\?\\pipe\\slipway-proxy-${hash}`
      : Buffer.byteLength(socket) <= MAX_SOCKET_PATH
        ? socket
        : path.join(tmpDir, `slipway-proxy-${hash}.sock`);
  return {
    stateDir: dir,
    control,
    pidFile: path.join(dir, 'proxy.pid'),
    routesFile: path.join(dir, 'routes.json'),
    logFile: path.join(dir, 'proxy.log'),
  };
}
