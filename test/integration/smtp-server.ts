import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

export interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly messageId: string;
  readonly text: string;
  /** The TLS version the message travelled over (TLS servers only; null: in the clear). */
  readonly tls?: string | null;
}

const rig = (file: string): string => path.join(path.dirname(fileURLToPath(import.meta.url)), '../rig', file);

/** A self-signed certificate for 127.0.0.1 made with openssl; it is also the CA a client must be told to trust. */
export function selfSignedCert(dir: string): { readonly cert: string; readonly key: string } {
  const cert = path.join(dir, 'smtp-cert.pem');
  const key = path.join(dir, 'smtp-key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

/**
 * A real SMTP server on 127.0.0.1, started per test: test/rig/smtp-server.py (Python's smtpd, no TLS),
 * or test/rig/smtp-tls-server.py (STARTTLS or implicit TLS with the given certificate).
 */
export class SmtpServer {
  readonly mails: Mail[] = [];
  readonly tlsErrors: string[] = [];
  refused = 0;
  port = 0;
  private child: ChildProcess | null = null;

  static start(opts: { refuse?: number; user?: string; password?: string } = {}): Promise<SmtpServer> {
    const args = [rig('smtp-server.py'), '--refuse', String(opts.refuse ?? 0)];
    if (opts.user !== undefined) args.push('--user', opts.user, '--password', opts.password ?? '');
    return new SmtpServer().spawn(args);
  }

  static startTls(opts: { mode: 'starttls' | 'implicit'; cert: string; key: string; user?: string; password?: string }): Promise<SmtpServer> {
    const args = [rig('smtp-tls-server.py'), '--mode', opts.mode, '--cert', opts.cert, '--key', opts.key];
    if (opts.user !== undefined) args.push('--user', opts.user, '--password', opts.password ?? '');
    return new SmtpServer().spawn(args);
  }

  private async spawn(args: string[]): Promise<this> {
    const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the SMTP server exited (${String(code)}) before listening`)));
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const msg = JSON.parse(line) as { port?: number; refused?: boolean; tlsError?: string } & Partial<Mail>;
        if (msg.port !== undefined) {
          this.port = msg.port;
          resolve();
        } else if (msg.refused) this.refused++;
        else if (msg.tlsError !== undefined) this.tlsErrors.push(msg.tlsError);
        else this.mails.push(msg as Mail);
      });
    });
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
