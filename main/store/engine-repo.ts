import { z } from 'zod';
import { HostKeySchema, type HostKey } from '../../preload/contract';
import type { Db } from './db';

/** An added engine's connection settings (certificate and key paths, never their contents). */
export const EngineConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tls'), url: z.string(), ca: z.string(), cert: z.string(), key: z.string(), publishAddress: z.string() }),
  z.object({ kind: z.literal('ssh'), url: z.string(), keyFile: z.string().nullable(), socket: z.string() }),
  // Contexts added before the socket could be set use the Docker default.
  z.object({ kind: z.literal('context'), context: z.string(), socket: z.string().default('/var/run/docker.sock') }),
]);
export type EngineConfig = z.infer<typeof EngineConfigSchema>;

export interface EngineRecord {
  readonly name: string;
  readonly config: EngineConfig;
  /** SSH host keys the user accepted in Slipway. */
  readonly hostKeys: readonly HostKey[];
  readonly createdAt: number;
}

interface Row {
  name: string;
  kind: string;
  url: string;
  config: string;
  host_keys: string;
  created_at: number;
}

const fromRow = (r: Row): EngineRecord => ({
  name: r.name,
  config: EngineConfigSchema.parse(JSON.parse(r.config)),
  hostKeys: z.array(HostKeySchema).parse(JSON.parse(r.host_keys)),
  createdAt: r.created_at,
});

const urlOf = (c: EngineConfig): string => (c.kind === 'context' ? '' : c.url);

export class EngineRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  all(): EngineRecord[] {
    return this.db.prepare<[], Row>('SELECT * FROM engines ORDER BY name').all().map(fromRow);
  }

  get(name: string): EngineRecord | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM engines WHERE name = ?').get(name);
    return row ? fromRow(row) : null;
  }

  insert(name: string, config: EngineConfig): EngineRecord {
    this.db.prepare('INSERT INTO engines(name, kind, url, config, created_at) VALUES (?, ?, ?, ?, ?)').run(name, config.kind, urlOf(config), JSON.stringify(config), this.now());
    return this.get(name) as EngineRecord;
  }

  /** New settings forget the accepted host keys when the address changes (another host is another key). */
  update(name: string, config: EngineConfig, hostKeys: readonly HostKey[]): EngineRecord {
    this.db.prepare('UPDATE engines SET url = ?, config = ?, host_keys = ? WHERE name = ?').run(urlOf(config), JSON.stringify(config), JSON.stringify(hostKeys), name);
    return this.get(name) as EngineRecord;
  }

  remove(name: string): void {
    this.db.prepare('DELETE FROM engines WHERE name = ?').run(name);
  }

  /** How many stages run on each engine. */
  stageCounts(): Map<string, number> {
    const rows = this.db.prepare<[], { engine: string; n: number }>('SELECT engine, COUNT(*) AS n FROM stages GROUP BY engine').all();
    return new Map(rows.map((r) => [r.engine, r.n]));
  }
}
