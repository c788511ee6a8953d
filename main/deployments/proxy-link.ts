import { AppError } from '../dispatch/app-error';
import type { RouteState, StableRoutes } from '../deployer/deps';
import type { ProxyControl } from '../proxy/types';

/**
 * The connection to the stable-URL proxy. The proxy process outlives the app, so it is only
 * started once there is a stage to serve (an app without projects leaves nothing running).
 */
export class ProxyLink {
  /** The connected proxy, or null before the first use and after a stop. */
  current: ProxyControl | null = null;
  private connecting: Promise<ProxyControl> | null = null;

  constructor(private readonly connect: () => Promise<ProxyControl>) {}

  /** The proxy, started or connected on first use; callers at the same moment share one attempt. */
  ensure(): Promise<ProxyControl> {
    if (this.current) return Promise.resolve(this.current);
    this.connecting ??= this.connect()
      .then((p) => (this.current = p))
      .catch((error: unknown) => {
        throw new AppError('INTERNAL', `The stable-URL proxy could not be started: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** Waits out an attempt under way; its failure belongs to whoever asked. */
  async settled(): Promise<void> {
    await this.connecting?.catch(() => undefined);
  }

  /** The deployer's routes, through the proxy; listing them starts no proxy while there is no stage. */
  routes(hasStages: () => boolean): StableRoutes {
    return {
      setRoute: async (spec) => (await this.ensure()).setRoute(spec),
      removeRoute: async (key) => (await this.ensure()).removeRoute(key),
      listRoutes: async (): Promise<RouteState[]> => {
        if (!this.current && !hasStages()) return [];
        return (await (await this.ensure()).listRoutes()).map((r) => ({ ...r }));
      },
      waitDrained: async (key, port, ms) => (await this.ensure()).waitDrained(key, port, ms),
    };
  }
}
