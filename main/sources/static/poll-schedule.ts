import { schedule as cronSchedule, validate as validateCron, type ScheduledTask } from 'node-cron';
import type { EventBus } from '../../events/bus';
import type { Deployer } from '../../deployer/deployer';
import type { StaticSites } from './static-sites';
import { pollStaticSites } from './triggers';

/**
 * Polls static sites' branch tips on the poller's cron schedule (Settings → poll schedule, paused with
 * the rest of polling): one ls-remote per repository per cycle, cycles never overlap.
 */
export function scheduleStaticPolls(o: { sites: StaticSites; deployer: Deployer; bus: EventBus; settings: () => { pollSchedule: string; pollPaused: boolean } }): { restart(): void; stop(): void } {
  let task: ScheduledTask | null = null;
  let running = false;
  const failing = new Set<string>();
  const tick = async (): Promise<void> => {
    if (running || o.settings().pollPaused || o.sites.repo.sources().length === 0) return;
    running = true;
    try {
      const { queued, failed } = await pollStaticSites(o.sites, o.deployer);
      if (queued.length > 0) o.bus.emit({ type: 'poll.found', message: `Polling found ${String(queued.length)} new commit(s) on static sites' branches`, data: { deployIds: queued } });
      for (const f of failed) {
        if (failing.has(f.url)) continue; // said once per repository until it answers again
        failing.add(f.url);
        o.bus.emit({ type: 'poll.failed', level: 'warn', message: `Polling ${f.url} failed: ${f.error}`, data: { url: f.url } });
      }
      for (const url of [...failing]) if (!failed.some((f) => f.url === url)) failing.delete(url);
    } finally {
      running = false;
    }
  };
  const start = (): void => {
    const expr = o.settings().pollSchedule;
    if (!validateCron(expr)) return;
    task = cronSchedule(expr, () => void tick());
  };
  return {
    restart() {
      void task?.stop();
      task = null;
      start();
    },
    stop() {
      void task?.stop();
      task = null;
    },
  };
}
