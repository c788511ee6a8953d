import { execFile } from 'node:child_process';

/** The Compose CLI Slipway drives for a stack: the v2 plugin (`docker compose`) where present, else v1. */
export interface ComposeCli {
  readonly flavour: 'v2' | 'v1';
  readonly version: string;
  /** argv prefix: `['docker', 'compose']` or `['docker-compose']`. */
  readonly command: readonly string[];
}

/** Version from `… version --short` output ("2.27.0", "v2.27.0", "1.29.2"), or null when it is not one. */
export function parseComposeVersion(output: string): string | null {
  const m = /^v?(\d+\.\d+\.\d+[\w.+-]*)\s*$/.exec(output.trim());
  return m?.[1] ?? null;
}

const run = (file: string, args: readonly string[]): Promise<string | null> =>
  new Promise((resolve) => {
    execFile(file, [...args], { timeout: 10_000 }, (error, stdout) => resolve(error ? null : stdout));
  });

/**
 * Finds the Compose CLI once at start-up: the v2 plugin first (what most users have), then v1.
 * Null: neither is installed (the docker-compose-plugin package, or Debian's docker-compose).
 */
export async function detectComposeCli(): Promise<ComposeCli | null> {
  const v2 = parseComposeVersion((await run('docker', ['compose', 'version', '--short'])) ?? '');
  if (v2) return { flavour: 'v2', version: v2, command: ['docker', 'compose'] };
  const v1 = parseComposeVersion((await run('docker-compose', ['version', '--short'])) ?? '');
  if (v1) return { flavour: 'v1', version: v1, command: ['docker-compose'] };
  return null;
}
