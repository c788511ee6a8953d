import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';

/**
 * A unix socket here that stands for a remote engine's Docker API: every connection is piped to a
 * stream `open` makes (a verified TLS connection, or a channel over the engine's SSH connection).
 * Tools that speak to a socket (the Compose CLI) reach the remote engine with `DOCKER_HOST=unix://…`
 * and never see its certificates or keys. Only this user can use it: 0600 in a 0700 folder.
 */
export class EngineSocket {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly file: string,
    private readonly open: () => Promise<Duplex>,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<void> {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    // A socket left by an earlier run of the app would refuse the listen.
    fs.rmSync(this.file, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.file, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    fs.chmodSync(this.file, 0o600);
  }

  close(): void {
    this.server.close();
    for (const s of this.sockets) s.destroy();
    fs.rmSync(this.file, { force: true });
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.pause();
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    this.open().then(
      (remote) => {
        if (socket.destroyed) return void remote.destroy();
        remote.on('error', () => socket.destroy());
        remote.on('close', () => socket.destroy());
        socket.on('close', () => remote.destroy());
        socket.pipe(remote);
        remote.pipe(socket);
        socket.resume();
      },
      () => socket.destroy(),
    );
  }
}
