import { z } from 'zod';

/** The parts of a Docker stats sample Slipway reads (cgroup v1 and v2 engines). */
export const DockerStatsSchema = z.looseObject({
  read: z.string().optional(),
  cpu_stats: z.looseObject({
    cpu_usage: z.looseObject({ total_usage: z.number() }),
    system_cpu_usage: z.number().optional(),
    online_cpus: z.number().optional(),
  }),
  precpu_stats: z.looseObject({
    cpu_usage: z.looseObject({ total_usage: z.number() }).optional(),
    system_cpu_usage: z.number().optional(),
  }),
  memory_stats: z.looseObject({
    usage: z.number().optional(),
    limit: z.number().optional(),
    stats: z.record(z.string(), z.number()).optional(),
  }),
});
export type DockerStats = z.infer<typeof DockerStatsSchema>;

/** CPU percent the way `docker stats` computes it: container delta over system delta, times cores. */
export function cpuPercent(s: DockerStats): number | null {
  const prev = s.precpu_stats.cpu_usage?.total_usage;
  const prevSystem = s.precpu_stats.system_cpu_usage;
  const system = s.cpu_stats.system_cpu_usage;
  if (prev === undefined || prevSystem === undefined || system === undefined) return null;
  const cpuDelta = s.cpu_stats.cpu_usage.total_usage - prev;
  const systemDelta = system - prevSystem;
  if (systemDelta <= 0 || cpuDelta < 0) return null;
  const cores = s.cpu_stats.online_cpus ?? 1;
  return (cpuDelta / systemDelta) * cores * 100;
}

/** Memory in use without the page cache (`docker stats` again): cgroup v1 `cache`, v2 `inactive_file`. */
export function memoryUsed(s: DockerStats): number | null {
  const usage = s.memory_stats.usage;
  if (usage === undefined) return null;
  const st = s.memory_stats.stats ?? {};
  const cache = st['inactive_file'] ?? st['total_inactive_file'] ?? st['cache'] ?? 0;
  return Math.max(0, usage - cache);
}
