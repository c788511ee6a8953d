/**
 * Test-only fault injection, kept in this one place. With `SLIPWAY_CRASH_AT=<point>` the process
 * kills itself (SIGKILL: no cleanup, no flushing, like a power cut for the app) when a deploy
 * reaches that point. Points are step names (`pull`, `create`, `start`, `health`, `switch`,
 * `drain`, `cleanup`: right after the step's durable marker is written) or `<step>:effect`
 * (after the step's effect on the engine or proxy, before its marker is written), or `retire`
 * (a previous instance is being drained in the background, before its container is stopped).
 */
export function crashPoint(point: string, env: NodeJS.ProcessEnv = process.env): void {
  const wanted = env['SLIPWAY_CRASH_AT'];
  if (wanted === undefined || wanted !== point) return;
  process.stderr.write(`SLIPWAY_CRASH_AT=${point}: killing the process now\n`);
  process.kill(process.pid, 'SIGKILL');
}
