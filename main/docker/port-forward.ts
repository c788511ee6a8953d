import net from 'node:net';
import type { Duplex } from 'node:stream';

/** The most unanswered client bytes kept for a replay (a request's head and a small body). */
const REPLAY_LIMIT = 64 * 1024;

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
    /** What the client sent since the remote last answered: an unanswered request, if any. */
    let unanswered: Buffer[] = [];
    let unansweredBytes = 0;
    /** More than REPLAY_LIMIT unanswered bytes (an upload, a stream): not kept, not replayed. */
    let overflow = false;
    let replayed = false;
    // A reset (not a clean end) tells the proxy the request never got an answer, so it may retry it.
    const cut = (): void => {
      if (!socket.destroyed) socket.resetAndDestroy();
      remote?.destroy();
    };
    socket.on('data', (chunk: Buffer) => {
      unansweredBytes += chunk.length;
      if (unansweredBytes > REPLAY_LIMIT) {
        overflow = true;
        unanswered = [];
      } else if (!overflow) unanswered.push(chunk);
      if (remote && !remote.write(chunk)) socket.pause();
    });
    socket.on('end', () => remote?.end());
    socket.on('error', () => remote?.destroy());
    socket.on('close', () => {
      this.sockets.delete(socket);
      remote?.destroy();
    });
    const connect = (): void => {
      this.open().then(
        (stream) => {
          if (socket.destroyed) {
            stream.destroy();
            return;
          }
          remote = stream;
          let ended = false;
          stream.on('data', (chunk: Buffer) => {
            unanswered = [];
            unansweredBytes = 0;
            overflow = false;
            replayed = false;
            if (!socket.write(chunk)) stream.pause();
          });
          socket.on('drain', () => stream.resume());
          stream.on('drain', () => socket.resume());
          const dead = (): boolean => (stream as Duplex & { transportDead?: () => boolean }).transportDead?.() === true;
          stream.on('end', () => {
            if (dead()) return;
            ended = true;
            socket.end();
          });
          stream.on('error', () => undefined);
          stream.on('close', () => {
            if (ended || socket.destroyed || socket.writableEnded) return;
            // The tunnel dropped under an unanswered idempotent request: send it again once over a new one.
            if (!replayed && !overflow && isIdempotentRequest(unanswered)) {
              replayed = true;
              remote = null;
              connect();
              return;
            }
            cut();
          });
          for (const chunk of unanswered) stream.write(chunk);
          socket.resume();
        },
        () => cut(),
      );
    };
    connect();
  }
}

/** Bytes that start a GET, HEAD or OPTIONS request: sending them twice changes nothing on the app. */
function isIdempotentRequest(chunks: readonly Buffer[]): boolean {
  if (chunks.length === 0) return false;
  const head = Buffer.concat(chunks.slice(0, 2)).subarray(0, 8).toString('latin1');
  return /^(GET|HEAD|OPTIONS) /.test(head);
}
