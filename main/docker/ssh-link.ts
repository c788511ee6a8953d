import fs from 'node:fs';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { HostKey } from '../../preload/contract';
import { decideHostKey, parseKnownHosts, type HostKeyVerdict } from './known-hosts';
import { knownHostsName, type SshAddress } from './engine-url';

export interface SshLinkOptions {
  readonly address: SshAddress;
  /** A private key file; null: the SSH agent at SSH_AUTH_SOCK. */
  readonly keyFile: string | null;
  readonly knownHostsFile: string;
  /** Keys the user accepted in Slipway. */
  readonly acceptedKeys: () => readonly HostKey[];
  /** The host offered a key that is not trusted (shown for the user to accept). */
  readonly onUntrustedKey: (verdict: HostKeyVerdict) => void;
  /** The connection went up or down. */
  readonly onState?: (up: boolean) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** A refused host key: the message says what to do. */
export class HostKeyError extends Error {
  constructor(readonly verdict: HostKeyVerdict) {
    super(hostKeyMessage(verdict));
  }
}

export function hostKeyMessage(v: HostKeyVerdict): string {
  const k = `${v.key.algorithm} ${v.key.fingerprint}`;
  switch (v.verdict) {
    case 'unknown':
      return `The SSH host key of this engine is not known yet (${k}). Check it on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and accept it in Settings → Engines if it matches.`;
    case 'changed':
      return `The SSH host key of this engine has CHANGED (now ${k}). Someone may be in the middle; if the host was reinstalled, remove its old line from known_hosts (ssh-keygen -R host) and accept the new key in Settings → Engines.`;
    case 'revoked':
      return `The SSH host key of this engine is marked revoked in known_hosts (${k}); Slipway will not connect to it.`;
    case 'trusted':
      return 'trusted';
  }
}

const readText = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/**
 * One SSH connection to an engine host, shared by the Docker API (its socket, forwarded as a
 * stream) and the instances' port tunnels. Opened on first use and again after it drops.
 */
export class SshLink {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private closed = false;

  constructor(private readonly o: SshLinkOptions) {}

  get up(): boolean {
    return this.client !== null;
  }

  /** The open connection, opening it when needed (one attempt at a time). */
  ready(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('the SSH link is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** A stream to a unix socket on the host (OpenSSH's direct-streamlocal). */
  async streamLocal(socketPath: string): Promise<ClientChannel> {
    const c = await this.ready();
    return new Promise((resolve, reject) => {
      c.openssh_forwardOutStreamLocal(socketPath, (err, stream) => {
        if (err) reject(new Error(`the SSH server would not open ${socketPath}: ${err.message} (the user needs access to the Docker socket, and AllowStreamLocalForwarding must not be "no")`));
        else resolve(stream);
      });
    });
  }

  /**
   * A stream to host:port as seen from the remote host. A connection that died before it said so
   * is replaced once; a refusal by the server (nothing listens there) is ECONNREFUSED.
   */
  async forwardOut(host: string, port: number, again = true): Promise<ClientChannel> {
    const c = await this.ready();
    try {
      return await new Promise<ClientChannel>((resolve, reject) => {
        c.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
          if (err) reject(err);
          // A dying connection ends its channels like a clean EOF: the tunnel's user tells them apart by this.
          else resolve(Object.assign(stream, { transportDead: () => this.client !== c || (c as unknown as { _sock?: { destroyed?: boolean } })._sock?.destroyed === true }));
        });
      });
    } catch (error) {
      const refused = typeof (error as { reason?: unknown }).reason === 'number';
      if (refused) throw Object.assign(new Error(`the SSH tunnel to ${host}:${String(port)} was refused: ${(error as Error).message}`), { code: 'ECONNREFUSED' });
      if (!again) throw error;
      this.forget(c);
      return this.forwardOut(host, port, false);
    }
  }

  /** A connection that failed under us is not handed out again. */
  private forget(c: Client): void {
    if (this.client !== c) return;
    this.client = null;
    this.o.onState?.(false);
    c.end();
  }

  /** Drops the connection (tests use it to cut the tunnel); the next use opens it again. */
  drop(): void {
    this.client?.end();
  }

  close(): void {
    this.closed = true;
    this.client?.end();
    this.client = null;
  }

  private connect(): Promise<Client> {
    const { address, keyFile } = this.o;
    return new Promise((resolve, reject) => {
      const c = new Client();
      let refused: HostKeyError | null = null;
      let settled = false;
      const config: ConnectConfig = {
        host: address.host,
        port: address.port,
        username: address.user,
        readyTimeout: 10_000,
        keepaliveInterval: 5_000,
        keepaliveCountMax: 2,
        hostVerifier: (key: Buffer) => {
          const verdict = decideHostKey(parseKnownHosts(readText(this.o.knownHostsFile)), this.o.acceptedKeys(), knownHostsName(address.host, address.port), key);
          if (verdict.verdict === 'trusted') return true;
          refused = new HostKeyError(verdict);
          this.o.onUntrustedKey(verdict);
          return false;
        },
      };
      if (keyFile !== null) {
        try {
          config.privateKey = fs.readFileSync(keyFile);
        } catch (error) {
          reject(new Error(`The SSH key file ${keyFile} cannot be read (${error instanceof Error ? error.message : String(error)}): pick a readable private key, or none to use the SSH agent.`));
          return;
        }
      } else {
        const agent = (this.o.env ?? process.env)['SSH_AUTH_SOCK'];
        if (!agent) {
          reject(new Error('No SSH agent is running (SSH_AUTH_SOCK is not set): start one and add your key (ssh-add), or give the engine a key file.'));
          return;
        }
        config.agent = agent;
      }
      c.on('ready', () => {
        settled = true;
        this.client = c;
        this.o.onState?.(true);
        resolve(c);
      });
      c.on('error', (error) => {
        if (settled) return;
        settled = true;
        reject(refused ?? new Error(sshErrorMessage(error, address)));
      });
      c.on('close', () => {
        if (this.client === c) {
          this.client = null;
          this.o.onState?.(false);
        }
        if (!settled) {
          settled = true;
          reject(refused ?? new Error(`The SSH connection to ${address.host}:${String(address.port)} closed before it was ready.`));
        }
      });
      c.connect(config);
    });
  }
}

function sshErrorMessage(error: Error & { level?: string; code?: string }, a: SshAddress): string {
  const where = `${a.user}@${a.host}:${String(a.port)}`;
  if (error.level === 'client-authentication') return `SSH login as ${where} was refused: add this machine's public key to ~${a.user}/.ssh/authorized_keys there, or pick the right key file.`;
  if (error.code === 'ECONNREFUSED') return `Nothing answers SSH at ${a.host}:${String(a.port)}: check the host and port, and that sshd runs there.`;
  if (error.level === 'client-timeout') return `SSH to ${where} timed out: check the address and that the host is up.`;
  return `SSH to ${where} failed: ${error.message}`;
}

/** Makes a channel look enough like a socket for node:http (timeouts, no-delay are the SSH connection's business). */
function asSocket(stream: Duplex): Duplex {
  const s = stream as Duplex & Record<string, unknown>;
  for (const m of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref']) if (typeof s[m] !== 'function') s[m] = () => s;
  return s;
}

/** An HTTP agent whose connections are streams to the engine's socket through the SSH link. */
export function sshDockerAgent(link: SshLink, socketPath: string): http.Agent {
  const agent = new http.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: (o: unknown, cb: (err: Error | null, s?: Duplex) => void) => undefined }).createConnection = (_o, cb) => {
    link.streamLocal(socketPath).then(
      (stream) => cb(null, asSocket(stream)),
      (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  };
  return agent;
}
