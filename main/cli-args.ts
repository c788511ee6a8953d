import { parseArgs } from 'node:util';
import { dockerOptions } from './docker/endpoint';

export interface ServeArgs {
  readonly command: 'serve';
  readonly dataDir: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly webhookPort: number | undefined;
  /** The Docker endpoint for this run, over the setting and DOCKER_HOST. */
  readonly dockerHost: string | undefined;
}
export type CliArgs = ServeArgs | { readonly command: 'proxy'; readonly argv: readonly string[] } | { readonly command: 'help' } | { readonly command: 'version' };

export const usage = `Usage:
  slipway serve [--data-dir DIR] [--host 127.0.0.1] [--port 0] [--webhook-port N] [--docker-host URL]
      Run Slipway without a window and serve its UI to a browser. 0 = any free port.
      --docker-host unix:///path/docker.sock or tcp://host:2375 picks the engine for this run
      (like Settings → Docker engine, over DOCKER_HOST; not saved).
      Writes DIR/runtime.json ({ pid, uiUrl, apiUrl, token, webhookUrl }) and prints the UI URL.
  slipway proxy --state-dir DIR
      Run the stable-URL proxy (started by Slipway itself; rarely run by hand).
  slipway --version | --help`;

export class UsageError extends Error {}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be a port number from 0 to 65535, got "${value}".`);
  return n;
}

export function parseCli(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === '--version' || command === '-v' || command === 'version') return { command: 'version' };
  if (command === 'proxy') return { command: 'proxy', argv: rest };
  if (command !== 'serve') throw new UsageError(`Unknown command "${command}".`);
  let values;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'webhook-port': { type: 'string' },
        'docker-host': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const wp = values['webhook-port'];
  const dockerHost = values['docker-host'];
  if (dockerHost !== undefined) {
    try {
      dockerOptions(dockerHost);
    } catch (error) {
      throw new UsageError(`--docker-host: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    command: 'serve',
    dataDir: values['data-dir'],
    host: values.host ?? '127.0.0.1',
    port: port('port', values.port, 0),
    webhookPort: wp === undefined ? undefined : port('webhook-port', wp, 0),
    dockerHost,
  };
}
