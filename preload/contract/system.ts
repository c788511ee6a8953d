import { z } from 'zod';
import { method } from './define';
import { Empty, Timestamp } from './common';

export const EngineStatusSchema = z.object({
  reachable: z.boolean(),
  host: z.string().describe('the Docker endpoint in use, e.g. unix:///var/run/docker.sock'),
  version: z.string().nullable(),
  apiVersion: z.string().nullable(),
  error: z.string().nullable().describe('what went wrong, when unreachable'),
  hint: z.string().nullable().describe('what the user can do about it'),
  checkedAt: Timestamp,
});
export type EngineStatus = z.infer<typeof EngineStatusSchema>;

/**
 * The engine state in one line, worded the same in the `slipway serve` banner and the window:
 * "engine: Docker 20.10.24 at unix:///… ✔" or "engine unreachable at …: start Docker or pass --docker-host URL".
 */
export function engineStateLine(engine: EngineStatus, mode: 'desktop' | 'headless'): string {
  if (engine.reachable) return `engine: Docker ${engine.version ?? '?'} at ${engine.host} ✔`;
  const fix = mode === 'headless' ? 'start Docker or pass --docker-host URL' : 'start Docker or set the endpoint in Settings → Docker engine';
  return `engine unreachable at ${engine.host}: ${fix}${engine.error ? ` (${engine.error})` : ''}`;
}

export const SystemStatusSchema = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'headless']),
  dataDir: z.string(),
  engine: EngineStatusSchema,
  pollingPaused: z.boolean(),
  startedAt: Timestamp,
  composeCli: z
    .object({
      flavour: z.enum(['v1', 'v2']).describe('v2: the `docker compose` plugin; v1: `docker-compose`'),
      version: z.string(),
      command: z.string().describe('what Slipway runs, e.g. "docker compose"'),
    })
    .nullable()
    .optional()
    .describe('the Compose CLI compose projects use; null when neither is installed'),
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;

export const systemMethods = {
  'system.status': method(Empty, SystemStatusSchema, 'Slipway version, data directory, and whether the Docker engine answers.'),
  'system.checkEngine': method(Empty, EngineStatusSchema, 'Check the Docker engine now instead of waiting for the next automatic check.'),
} as const;
