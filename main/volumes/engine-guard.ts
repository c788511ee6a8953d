import type { Readable } from 'node:stream';
import { AppError } from '../dispatch/app-error';
import type { VolumeStore } from './volume-store';

/** Error codes of a connection that failed or broke (socket, DNS, TLS), as Node and the TLS layer name them. */
const CONNECTION_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|ECONNABORTED|ERR_TLS_.*|ERR_SSL_.*|CERT_.*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_.*)$/;

/** True for an error that says the engine was not reached, rather than that it refused what was asked. */
export function isConnectionError(e: unknown): boolean {
  if (e instanceof AppError || typeof e !== 'object' || e === null) return false;
  const code = 'code' in e ? String(e.code) : '';
  const message = e instanceof Error ? e.message : '';
  return CONNECTION_CODES.test(code) || /socket hang up|timeout|(?:SSH|ssh).*(?:closed|not connected)/i.test(message);
}

export const engineUnreachable = (engine: string, why: string): AppError =>
  new AppError('ENGINE_UNAVAILABLE', `Engine "${engine}" is unreachable: ${why}. Check it in Settings → Engines (Test), then try again.`);

/** Runs one call to a remote engine, turning a failed connection into a clear ENGINE_UNAVAILABLE. */
export async function callEngine<T>(engine: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isConnectionError(e)) throw engineUnreachable(engine, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/**
 * A store on a remote engine whose every call says "engine X is unreachable" when the connection
 * fails, instead of a bare socket error; the engine's own refusals pass through as they are.
 */
export function guardEngine(engine: string, store: VolumeStore): VolumeStore {
  const c = <T>(fn: () => Promise<T>): Promise<T> => callEngine(engine, fn);
  return {
    list: (dir) => c(() => store.list(dir)),
    stat: (p) => c(() => store.stat(p)),
    read: (f): Promise<Readable> => c(() => store.read(f)),
    readTar: (d): Promise<Readable> => c(() => store.readTar(d)),
    write: (f, body, size) => c(() => store.write(f, body, size)),
    mkdir: (d) => c(() => store.mkdir(d)),
    freeBytes: (d) => c(() => store.freeBytes(d)),
    remove: (p) => c(() => store.remove(p)),
    close: () => store.close(),
  };
}
