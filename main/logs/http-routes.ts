import type Docker from 'dockerode';
import type { ServerResponse } from 'node:http';
import type { RpcError } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import type { RawRoute } from '../http/raw-route';
import { statusForCode } from '../http/status';
import type { InstanceRecord, InstanceRepo } from '../store/instance-repo';
import type { StageRepo } from '../store/stage-repo';
import { contentDisposition } from '../volumes/http-routes';
import { readContainerLog } from './container-follower';
import { formatLogLine } from './log-text';
import type { LogServiceDeps } from './log-service';

function fail(res: ServerResponse, error: unknown): void {
  const rpc: RpcError = error instanceof AppError ? error.toRpc() : { code: 'INTERNAL', message: `The log download failed: ${error instanceof Error ? error.message : String(error)}` };
  if (res.headersSent) {
    res.end(`\n-- download interrupted: ${rpc.message}\n`);
    return;
  }
  res.writeHead(statusForCode[rpc.code], { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ ok: false, error: rpc }));
}

const positive = (v: string | null): number | null => (v !== null && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null);

/** GET /api/raw/logs?stageId=N[&service=S] (its live instance, or a compose service's container) | instanceId=N [&since=ms] → the whole log as text. */
export function logRawRoutes(d: {
  docker: (containerId?: string) => Docker;
  instances: Pick<InstanceRepo, 'get' | 'live'>;
  stages: Pick<StageRepo, 'get'>;
  /** A compose service's container (see LogServiceDeps.companion). */
  companion?: LogServiceDeps['companion'];
}): RawRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/api\/raw\/logs$/,
      async handle(_req, res, _match, url) {
        try {
          const stageId = positive(url.searchParams.get('stageId'));
          const instanceId = positive(url.searchParams.get('instanceId'));
          const since = positive(url.searchParams.get('since'));
          const service = url.searchParams.get('service');
          if (service !== null && !/^[a-zA-Z0-9._-]{1,100}$/.test(service)) throw new AppError('INVALID_INPUT', `"${service}" is not a service name: use the name from the compose file.`);
          let instance: InstanceRecord | null = null;
          let containerId: string | null = null;
          let name = 'logs';
          if (instanceId !== null) {
            instance = d.instances.get(instanceId);
            name = `instance-${String(instanceId)}`;
          } else if (stageId !== null) {
            const stage = d.stages.get(stageId);
            if (!stage) throw new AppError('NOT_FOUND', `Stage ${String(stageId)} does not exist.`);
            instance = d.instances.live(stageId);
            name = stage.name;
            // A compose service other than the primary tracked one: its own container (throws NOT_FOUND for a name the stack lacks).
            const c = service !== null ? d.companion?.(stageId, service) : undefined;
            if (c === null) throw new AppError('NOT_FOUND', `Service ${service ?? ''} has no container on ${stage.name} yet.`);
            if (c) containerId = c.containerId;
            if (service !== null) name = `${stage.name}-${service}`;
          } else {
            throw new AppError('INVALID_INPUT', 'Say whose log to download: stageId=… (and service=… for a compose service) or instanceId=….');
          }
          containerId ??= instance?.containerId ?? null;
          if (!containerId) throw new AppError('NOT_FOUND', 'There is no container to read a log from (nothing is live there).');
          const docker = d.docker(containerId);
          res.writeHead(200, {
            'content-type': 'text/plain; charset=utf-8',
            'content-disposition': contentDisposition(`${name}${instance ? `-${instance.tag}` : ''}.log`),
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          });
          await readContainerLog(docker, containerId, since === null ? undefined : Math.floor(since / 1000), async (lines) => {
            if (!res.write(lines.map(formatLogLine).join(''))) await new Promise((r) => res.once('drain', r));
          });
          res.end();
        } catch (e) {
          fail(res, e);
        }
      },
    },
  ];
}
