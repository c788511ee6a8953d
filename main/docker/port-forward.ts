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
    // A reset (not a clean end) tells the proxy the request never got an answer, so it may retry it.
    const cut = (): void => {
      if (!socket.destroyed) socket.resetAndDestroy();
      remote?.destroy();
    };
    socket.on('error', () => remote?.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      remote?.destroy();
    });
    this.open().then(
      (stream) => {
        if (socket.destroyed) {
          stream.destroy();
          return;
        }
        remote = stream;
        stream.on('error', cut);
        // The remote side closed without ending (the tunnel dropped): reset.
        stream.on('close', () => {
          if (!socket.destroyed && !socket.writableEnded) cut();
        });
        socket.pipe(stream);
        stream.pipe(socket);
        socket.resume();
      },
      () => cut(),
    );
  }
}
