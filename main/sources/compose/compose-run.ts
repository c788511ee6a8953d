import { execFile } from 'node:child_process';
import { detectComposeCli, type ComposeCli } from './compose-cli';

/** What a compose project says when neither Compose CLI is installed. */
export const INSTALL_COMPOSE =
  'Compose projects need the Docker Compose CLI and none was found: install the Compose v2 plugin (package "docker-compose-plugin", run as "docker compose") or Compose v1 (Debian/Ubuntu: "apt-get install docker-compose"), then deploy again.';

export interface ComposeCall {
  /** The stage's compose project name (`-p`). */
  readonly stack: string;
  /** The stage's compose file (`-f`); its folder is the working directory (relative paths in the file). */
  readonly file: string;
  readonly dir: string;
  /** The engine the CLI talks to (Slipway's own endpoint) and the variables the file may use. */
  readonly env: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/** The Compose CLI found at start-up; looked for again when a compose project needs it and none was found. */
export class ComposeCliHolder {
  #cli: ComposeCli | null = null;

  constructor(private readonly detect: () => Promise<ComposeCli | null> = detectComposeCli) {}

  /** What Settings → Docker engine shows; null before the first look or when none is installed. */
  get current(): ComposeCli | null {
    return this.#cli;
  }

  async refresh(): Promise<ComposeCli | null> {
    this.#cli = await this.detect();
    return this.#cli;
  }

  /** The CLI, or an error that says what to install. */
  async require(): Promise<ComposeCli> {
    const cli = this.#cli ?? (await this.refresh());
    if (!cli) throw new Error(INSTALL_COMPOSE);
    return cli;
  }
}

/** Runs `<compose> -p STACK -f FILE …args`; answers stdout, or throws with the end of what it printed on stderr. */
export function runCompose(cli: ComposeCli, call: ComposeCall, args: readonly string[]): Promise<string> {
  const [file = 'docker-compose', ...pre] = cli.command;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...pre, '-p', call.stack, '-f', call.file, ...args],
      {
        cwd: call.dir,
        env: { ...process.env, ...call.env },
        timeout: call.timeoutMs ?? 600_000,
        maxBuffer: 32 * 1024 * 1024,
        ...(call.signal ? { signal: call.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const tail = stderr.trim().split('\n').slice(-6).join('\n');
        reject(new Error(`${cli.command.join(' ')} ${args[0] ?? ''} failed: ${tail || error.message}`));
      },
    );
  });
}
