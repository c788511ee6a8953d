import fs from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file';
import type { Logger } from './listen';
import { parseRoutesFile, serializeRoutes } from './route-spec';
import type { RouteSpec } from './types';

/** routes.json: the routes the proxy serves, so a restarted proxy serves the same stable URLs. */
export class RoutesStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  /** The saved routes; a missing file is an empty table, a damaged one is set aside (kept for inspection). */
  async load(): Promise<RouteSpec[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = parseRoutesFile(text);
    if (parsed.ok) return parsed.routes;
    const aside = `${this.file}.damaged-${String(Date.now())}`;
    await fs.rename(this.file, aside);
    this.log(`${parsed.error}; moved it to ${aside} and started with no routes`);
    return [];
  }

  /** Writes are serialised so the file always ends up holding the latest table. */
  save(routes: readonly RouteSpec[]): Promise<void> {
    const text = serializeRoutes(routes);
    const run = this.queue.then(() => writeFileAtomic(this.file, text));
    this.queue = run.catch(() => undefined);
    return run;
  }
}
