import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import readline from 'node:readline';

export interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly messageId: string;
  readonly text: string;
}

/** A real SMTP server (test/rig/smtp-server.py, Python's smtpd) on 127.0.0.1, started per test. */
export class SmtpServer {
  readonly mails: Mail[] = [];
  refused = 0;
  port = 0;
  private child: ChildProcess | null = null;

  static async start(opts: { refuse?: number; user?: string; password?: string } = {}): Promise<SmtpServer> {
    const s = new SmtpServer();
    const args = [path.join(path.dirname(fileURLToPath(import.meta.url)), '../rig/smtp-server.py'), '--refuse', String(opts.refuse ?? 0)];
    if (opts.user !== undefined) args.push('--user', opts.user, '--password', opts.password ?? '');
    const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    s.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the SMTP server exited (${String(code)}) before listening`)));
      readline.createInterface({ input: child.stdout }).on('line', (line) => {
        const msg = JSON.parse(line) as { port?: number; refused?: boolean } & Partial<Mail>;
        if (msg.port !== undefined) {
          s.port = msg.port;
          resolve();
        } else if (msg.refused) s.refused++;
        else s.mails.push(msg as Mail);
      });
    });
    return s;
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
