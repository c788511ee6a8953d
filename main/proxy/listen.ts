import type net from 'node:net';
import { describeBindError } from './bind-error';

/** Binds a server to 127.0.0.1:port; rejects with a readable Error (code kept) if the port cannot be had. */
export function listenLoopback(server: net.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.removeListener('listening', onListening);
      const friendly = new Error(describeBindError(err.code, port, err.message)) as NodeJS.ErrnoException;
      if (err.code !== undefined) friendly.code = err.code;
      reject(friendly);
    };
    const onListening = (): void => {
      server.removeListener('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: '127.0.0.1', exclusive: true });
  });
}

export type Logger = (line: string) => void;

/** Used where an error has nowhere useful to go but must not become an uncaught exception. */
export function ignoreError(): void {}
