import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { RIG_DIR } from './paths';

/** The rig's SSH server: Debian's sshd on loopback, for engines reached over SSH. */
export const SSH_PORT = 23761;
const SSHD = '/usr/sbin/sshd';

export interface RigSsh {
  readonly dir: string;
  readonly port: number;
  /** The user the client key logs in as (whoever runs the rig: it can use the engine's socket). */
  readonly user: string;
  readonly clientKey: string;
  readonly hostKeyPub: string;
  /** The host key's line for a known_hosts file. */
  readonly knownHostsLine: string;
  /** `SHA256:…` of the host key, as ssh-keygen prints it. */
  readonly fingerprint: string;
  /** The master sshd's pid. */
  readonly pid: number;
}

const paths = (rigDir: string) => {
  const dir = join(rigDir, 'ssh');
  return {
    dir,
    config: join(dir, 'sshd_config'),
    hostKey: join(dir, 'host_ed25519_key'),
    clientKey: join(dir, 'client_ed25519'),
    authorized: join(dir, 'authorized_keys'),
    pidFile: join(dir, 'sshd.pid'),
    log: join(dir, 'sshd.log'),
  };
};

const keygen = (file: string, comment: string): void => {
  if (!existsSync(file)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file], { stdio: 'ignore' });
};

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('SSH-'));
    });
    s.once('error', () => resolve(false));
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

const readPid = (file: string): number | null => {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
};

/** Starts the rig's sshd unless it runs already; keys and config are made once under /tmp/slw/ssh. */
export async function ensureRigSsh(rigDir = RIG_DIR): Promise<RigSsh> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install -y openssh-server`);
  const p = paths(rigDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  keygen(p.hostKey, 'slipway-rig-host');
  keygen(p.clientKey, 'slipway-rig-client');
  writeFileSync(p.authorized, readFileSync(`${p.clientKey}.pub`), { mode: 0o600 });
  writeFileSync(
    p.config,
    [
      `Port ${String(SSH_PORT)}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${p.hostKey}`,
      `PidFile ${p.pidFile}`,
      `AuthorizedKeysFile ${p.authorized}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      'AllowStreamLocalForwarding yes',
      'UsePAM no',
      'StrictModes no',
      'ClientAliveInterval 5',
      '',
    ].join('\n'),
  );
  let pid = readPid(p.pidFile);
  if (pid === null || !(await answers(SSH_PORT))) {
    // The privilege separation directory sshd insists on.
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const child = spawn(SSHD, ['-D', '-e', '-f', p.config], { detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
    child.unref();
    const deadline = Date.now() + 10_000;
    while (!(await answers(SSH_PORT))) {
      if (Date.now() > deadline) throw new Error(`the rig's sshd did not answer on 127.0.0.1:${String(SSH_PORT)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    pid = child.pid ?? readPid(p.pidFile);
  }
  const pub = readFileSync(`${p.hostKey}.pub`, 'utf8').trim().split(/\s+/);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${p.hostKey}.pub`], { encoding: 'utf8' }).split(/\s+/)[1] ?? '';
  return {
    dir: p.dir,
    port: SSH_PORT,
    user: execFileSync('id', ['-un'], { encoding: 'utf8' }).trim(),
    clientKey: p.clientKey,
    hostKeyPub: `${p.hostKey}.pub`,
    knownHostsLine: `[127.0.0.1]:${String(SSH_PORT)} ${pub[0] ?? ''} ${pub[1] ?? ''}`,
    fingerprint,
    pid: pid ?? 0,
  };
}

/** The sshd processes serving connections (the master's descendants): killing them cuts every SSH session. */
export function sshSessionPids(masterPid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const within = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === masterPid) return true;
    return false;
  };
  for (const pid of parents.keys()) if (within(pid)) out.push(pid);
  return out;
}

/** Stops the rig's sshd (rig down); its keys stay for the next run. */
export function stopRigSsh(rigDir = RIG_DIR): boolean {
  const p = paths(rigDir);
  const pid = readPid(p.pidFile);
  if (pid === null) return false;
  for (const child of sshSessionPids(pid)) process.kill(child, 'SIGTERM');
  process.kill(pid, 'SIGTERM');
  rmSync(p.pidFile, { force: true });
  return true;
}
