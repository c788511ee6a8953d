import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { X509Certificate, createSign, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';

/**
 * Real servers for registry tests: extra CNCF Distribution registries with htpasswd or token auth,
 * the token service the latter needs, and a pass-through proxy that can inject 429s or hang.
 * Everything binds to 127.0.0.1 and is stopped by the test that started it.
 */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export interface StartedRegistry {
  /** How images are named: `localhost:PORT` (the daemon trusts loopback without TLS). */
  readonly name: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts `docker-registry serve` with its own storage and an optional `auth:` YAML block. */
export async function startRegistry(dir: string, authYaml = ''): Promise<StartedRegistry> {
  const port = await freePort();
  mkdirSync(join(dir, 'store'), { recursive: true });
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: warn }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'store')} }, delete: { enabled: true } }`,
      `http: { addr: 127.0.0.1:${port} }`,
      authYaml,
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    if (await answers(port)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry on ${port} did not answer: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name: `localhost:${port}`,
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/v2/', timeout: 500 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** An htpasswd file with bcrypt hashes, as the registry's `auth: htpasswd` expects. */
export function writeHtpasswd(path: string, users: Readonly<Record<string, string>>): void {
  const lines = Object.entries(users).map(([u, p]) => `${u}:${bcrypt.hashSync(p, 5)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** A self-signed certificate and key (the registry trusts tokens signed by it via `rootcertbundle`). */
export function selfSignedCert(dir: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, 'token-cert.pem');
  const keyPath = join(dir, 'token-key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=slipway-test-token'],
    { stdio: 'ignore' },
  );
  return { certPath, keyPath };
}

export interface TokenRequest {
  readonly method: string;
  readonly scope: string | null;
  readonly account: string | null;
  /** Who the request proved to be (basic auth or refresh token), null for anonymous. */
  readonly user: string | null;
  readonly grantType: string | null;
}

export interface TokenServer {
  readonly realm: string;
  readonly requests: TokenRequest[];
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  readonly certPath: string;
  readonly keyPath: string;
  readonly issuer: string;
  readonly service: string;
  readonly users: Readonly<Record<string, string>>;
  /** OAuth2 refresh tokens ("identity tokens") → user. */
  readonly refreshTokens: Readonly<Record<string, string>>;
  readonly lifetimeS: number;
}

/**
 * The Docker token authentication service: GET with optional Basic credentials, or the OAuth2 POST
 * with a refresh token; answers a JWT (RS256, x5c header) granting what was asked to a known user and
 * nothing to anonymous callers. Wrong credentials get 401.
 */
export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const cert = new X509Certificate(readFileSync(opts.certPath));
  const key = readFileSync(opts.keyPath);
  const requests: TokenRequest[] = [];
  const b64u = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let params = url.searchParams;
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    }
    let user: string | null = null;
    let denied = false;
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Basic ')) {
      const [u = '', ...rest] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      if (opts.users[u] !== undefined && opts.users[u] === rest.join(':')) user = u;
      else denied = true;
    }
    const grantType = params.get('grant_type');
    if (grantType === 'refresh_token') {
      user = opts.refreshTokens[params.get('refresh_token') ?? ''] ?? null;
      denied = user === null;
    }
    const scope = params.get('scope');
    requests.push({ method: req.method ?? '', scope, account: params.get('account'), user, grantType });
    if (denied) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    const access = scope && user !== null
      ? scope.split(' ').map((s) => {
          const [type = '', name = '', actions = ''] = s.split(':');
          return { type, name, actions: actions.split(',') };
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [cert.raw.toString('base64')] };
    const claims = {
      iss: opts.issuer,
      sub: user ?? '',
      aud: opts.service,
      exp: now + opts.lifetimeS,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
    const token = `${input}.${b64u(createSign('RSA-SHA256').update(input).sign(key))}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    // The OAuth2 flow answers access_token; the classic flow answers token.
    res.end(JSON.stringify(grantType ? { access_token: token, expires_in: opts.lifetimeS } : { token, expires_in: opts.lifetimeS }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  const port = await listen(server);
  return { realm: `http://127.0.0.1:${port}/token`, requests, stop: () => close(server) };
}

export type ProxyFault = { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string } | { readonly kind: 'hang' };

export interface FaultProxy {
  /** `127.0.0.1:PORT`, to use as the registry name (plain HTTP, loopback). */
  readonly name: string;
  /** Faults served, in order, before requests pass through again. */
  readonly faults: ProxyFault[];
  readonly seen: { readonly method: string; readonly path: string; readonly at: number; readonly fault: boolean }[];
  /** Most requests in flight at once. */
  peakInFlight: number;
  stop(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of a real registry that can answer faults first.
 * With `paginateTags`, `GET …/tags/list?n=…` is paginated the way the OCI Distribution spec says
 * (lexical order, `n`, `last`, `Link: <…>; rel="next"`) from the registry's full answer: the
 * Distribution 2.8 registry installed here ignores `n` on tag lists (only newer ones paginate).
 */
export async function startFaultProxy(targetPort: number, opts: { paginateTags?: boolean } = {}): Promise<FaultProxy> {
  let inFlight = 0;
  const proxy: FaultProxy = {
    name: '',
    faults: [],
    seen: [],
    peakInFlight: 0,
    stop: () => close(server),
  };
  const server = createServer((req, res) => {
    const fault = proxy.faults.shift();
    proxy.seen.push({ method: req.method ?? '', path: req.url ?? '', at: Date.now(), fault: fault !== undefined });
    if (fault?.kind === 'hang') return; // never answers; the client's timeout must end it
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const n = Number(url.searchParams.get('n') ?? NaN);
    if (opts.paginateTags && req.method === 'GET' && url.pathname.endsWith('/tags/list') && n > 0) {
      paginate(targetPort, url, n, req.headers, res);
      return;
    }
    inFlight++;
    proxy.peakInFlight = Math.max(proxy.peakInFlight, inFlight);
    const upstream = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${targetPort}` } },
      (up) => {
        // Hold each answer briefly so concurrent requests overlap and the peak is meaningful.
        setTimeout(() => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('end', () => inFlight--);
        }, 20);
      },
    );
    upstream.on('error', () => {
      inFlight--;
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const port = await listen(server);
  (proxy as { name: string }).name = `127.0.0.1:${port}`;
  return proxy;
}

function paginate(
  targetPort: number,
  url: URL,
  n: number,
  headers: IncomingMessage['headers'],
  res: ServerResponse,
): void {
  const upstream = request(
    { host: '127.0.0.1', port: targetPort, path: url.pathname, headers: { ...headers, host: `127.0.0.1:${targetPort}` } },
    (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        if (up.statusCode !== 200) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(chunks));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: string; tags: string[] | null };
        const all = [...(body.tags ?? [])].sort();
        const last = url.searchParams.get('last');
        const from = last === null ? all : all.filter((t) => t > last);
        const page = from.slice(0, n);
        const out: Record<string, string> = { 'content-type': 'application/json' };
        if (from.length > n) {
          const next = new URLSearchParams({ n: String(n), last: page[page.length - 1] ?? '' });
          out['link'] = `<${url.pathname}?${next.toString()}>; rel="next"`;
        }
        res.writeHead(200, out);
        res.end(JSON.stringify({ name: body.name, tags: page }));
      });
    },
  );
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  upstream.end();
}
