import net from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A listener on 127.0.0.1:localPort whose every connection is piped to a stream `open` makes (an
 * SSH channel to the instance's port on the remote host, or a TCP connection to it). The proxy,
 * health checks and drains use the local port as if the instance ran here.
 */
export class PortForward {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly localPort: number,
    private readonly open: () => Promise<Duplex>,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.localPort, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.pause();
    let remote: Duplex | null = null;
    /** Bytes the client sent since the remote last answered: a request is waiting for its answer. */
    let unansweredBytes = 0;
    socket.on('data', (chunk: Buffer) => {
      unansweredBytes += chunk.length;
      if (remote && !remote.write(chunk)) socket.pause();
    });
    socket.on('end', () => remote?.end());
    socket.on('error', () => remote?.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      remote?.destroy();
    });
    // The tunnel is gone. A request waiting for its answer gets a reset, which tells the proxy it
    // was never answered (it replays an idempotent one once the tunnel is back); with nothing
    // pending the close is clean, so an answer already written here is still read before it.
    const lost = (): void => {
      if (socket.destroyed) return;
      if (unansweredBytes > 0) socket.resetAndDestroy();
      else socket.end();
    };
    this.open().then(
      (stream) => {
        if (socket.destroyed) {
          stream.destroy();
          return;
        }
        remote = stream;
        let ended = false;
        stream.on('data', (chunk: Buffer) => {
          unansweredBytes = 0;
          if (!socket.write(chunk)) stream.pause();
        });
        socket.on('drain', () => stream.resume());
        stream.on('drain', () => socket.resume());
        // A dying connection ends its channels like a clean EOF: only a live one's end is passed on.
        const dead = (): boolean => (stream as Duplex & { transportDead?: () => boolean }).transportDead?.() === true;
        stream.on('end', () => {
          if (dead()) return;
          ended = true;
          socket.end();
        });
        stream.on('error', () => undefined);
        stream.on('close', () => {
          if (!ended) lost();
        });
        socket.resume();
      },
      // No tunnel at all: a reset, as for a refused connection.
      () => {
        if (!socket.destroyed) socket.resetAndDestroy();
      },
    );
  }
}
