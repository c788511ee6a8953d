import http from 'node:http';
import type { z } from 'zod';
import { errorSchema, healthSchema, type ProxyHealth } from './control-protocol';

/** The proxy answered, and said no (validation, port in use …): the message is for the user. */
export class ControlRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControlRequestError';
  }
}

/** Nothing answers on the control channel (no proxy, or it died mid-request). */
export class ControlUnreachableError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ControlUnreachableError';
  }
}

export interface ControlRequest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly agent?: http.Agent;
}

/** One HTTP+JSON call over the control socket, its answer validated with `schema`. */
export function controlRequest<S extends z.ZodType>(socketPath: string, req: ControlRequest, schema: S): Promise<z.infer<S>> {
  return new Promise((resolve, reject) => {
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    let answered = false;
    const r = http.request(
      {
        socketPath,
        method: req.method,
        path: req.path,
        agent: req.agent ?? false,
        headers: {
          host: 'slipway-proxy',
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(new ControlUnreachableError(`the proxy stopped answering: ${err.message}`, 'ECONNRESET')));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            reject(new Error(`the proxy answered ${String(res.statusCode)} with something that is not JSON: ${text.slice(0, 200)}`));
            return;
          }
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            const err = errorSchema.safeParse(json);
            reject(new ControlRequestError(err.success ? err.data.error : `the proxy answered ${String(status)}`, status));
            return;
          }
          const parsed = schema.safeParse(json);
          if (parsed.success) resolve(parsed.data);
          else reject(new Error(`the proxy answered ${req.method} ${req.path} with an unexpected shape: ${parsed.error.message}`));
        });
      },
    );
    const timer = setTimeout(() => r.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), req.timeoutMs);
    r.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (answered) return;
      reject(new ControlUnreachableError(`cannot reach the proxy at ${socketPath}: ${err.code ?? err.message}`, err.code));
    });
    r.end(payload);
  });
}

/** The proxy's health, or null when nothing healthy answers (missing or stale socket, hung process). */
export async function probeHealth(socketPath: string, timeoutMs: number): Promise<ProxyHealth | null> {
  try {
    return await controlRequest(socketPath, { method: 'GET', path: '/health', timeoutMs }, healthSchema);
  } catch {
    return null;
  }
}
