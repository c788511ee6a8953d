import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real git server on loopback: git's own smart-HTTP `git http-backend` (CGI) behind a small
 * Node HTTP wrapper. Repositories under `root` are served at `/<name>.git`; those listed in
 * `private` need HTTP basic auth with `password` (the token) and any user name. Pushes go in with the real `git` client.
 */
export interface GitServer {
  readonly url: string;
  readonly host: string;
  readonly root: string;
  readonly user: string;
  readonly password: string;
  /** Creates a bare repository (served at `${url}/${name}.git`) and a work tree to commit from. */
  createRepo(name: string, opts?: { private?: boolean }): GitWorkRepo;
  close(): Promise<void>;
}

export interface GitWorkRepo {
  readonly name: string;
  /** Clone URL over HTTP, e.g. http://127.0.0.1:PORT/site.git */
  readonly url: string;
  readonly workDir: string;
  /** Writes files (path → content; null deletes), commits them and pushes the branch; answers the commit sha. */
  commit(files: Record<string, string | null>, message: string, opts?: { branch?: string; tag?: string }): string;
}

const run = (cwd: string, args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Dana Doe', GIT_AUTHOR_EMAIL: 'dana@example.test', GIT_COMMITTER_NAME: 'Dana Doe', GIT_COMMITTER_EMAIL: 'dana@example.test', GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() },
  }).trim();

function passwordOf(header: string | undefined): string | null {
  const m = /^Basic (.+)$/i.exec(header ?? '');
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

export async function startGitServer(opts: { user?: string; password?: string } = {}): Promise<GitServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-git-server-'));
  const user = opts.user ?? 'dana';
  const password = opts.password ?? 'tok-0123456789';
  const privateRepos = new Set<string>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const repo = /^\/([^/]+)\.git\//.exec(url.pathname)?.[1];
    // Like GitHub, any user name goes with the token as the password.
    if (repo && privateRepos.has(repo) && passwordOf(req.headers.authorization) !== password) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"', 'content-type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        REQUEST_METHOD: req.method ?? 'GET',
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: repo && privateRepos.has(repo) ? user : '',
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
    cgi.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${String(port)}`;
  const base = `http://${host}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-git-work-'));

  return {
    url: base,
    host,
    root,
    user,
    password,
    createRepo(name, o) {
      const bare = path.join(root, `${name}.git`);
      run(root, ['init', '--bare', '--quiet', '--initial-branch=main', bare]);
      run(bare, ['config', 'http.receivepack', 'true']);
      if (o?.private) privateRepos.add(name);
      const workDir = path.join(work, name);
      run(work, ['init', '--quiet', '--initial-branch=main', workDir]);
      return {
        name,
        url: `${base}/${name}.git`,
        workDir,
        commit(files, message, c) {
          const branch = c?.branch ?? 'main';
          const current = run(workDir, ['symbolic-ref', '--short', 'HEAD']);
          if (current !== branch) {
            const exists = run(workDir, ['branch', '--list', branch]) !== '';
            run(workDir, exists ? ['checkout', '--quiet', branch] : ['checkout', '--quiet', '-b', branch]);
          }
          for (const [file, content] of Object.entries(files)) {
            const full = path.join(workDir, file);
            if (content === null) fs.rmSync(full, { force: true });
            else {
              fs.mkdirSync(path.dirname(full), { recursive: true });
              fs.writeFileSync(full, content);
            }
          }
          run(workDir, ['add', '--all']);
          run(workDir, ['commit', '--quiet', '--allow-empty', '-m', message]);
          if (c?.tag) run(workDir, ['tag', c.tag]);
          // Straight into the bare repository: the server side is what is under test, not git's push.
          run(workDir, ['push', '--quiet', '--force', bare, branch, ...(c?.tag ? [c.tag] : [])]);
          return run(workDir, ['rev-parse', 'HEAD']);
        },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
