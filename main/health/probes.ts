import http from 'node:http';
import net from 'node:net';

/** One probe's verdict; `answer` is what the user sees ("GET /health → 500", "connection refused"). */
export interface ProbeResult {
  readonly ok: boolean;
  readonly answer: string;
}

function describeNetError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection closed before an answer (nothing listening in the container yet)';
    case 'ETIMEDOUT':
      return 'no answer in time';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** GET http://127.0.0.1:port/path on a fresh connection; healthy on 2xx/3xx (or anything below 500 when anyStatus). */
export function probeHttp(port: number, path: string, anyStatus: boolean, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ProbeResult): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, headers: { 'user-agent': 'slipway-health', connection: 'close' } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      const ok = anyStatus ? status > 0 && status < 500 : status >= 200 && status < 400;
      done({ ok, answer: `GET ${path} answered ${String(status)}` });
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done({ ok: false, answer: `GET ${path} gave no answer within ${String(timeoutMs)} ms` });
    });
    req.on('error', (error) => {
      const what = error.message === 'socket hang up' ? 'connection closed before an answer (nothing listening in the container yet)' : describeNetError(error);
      done({ ok: false, answer: `GET ${path}: ${what}` });
    });
  });
}

/**
 * A TCP connect to 127.0.0.1:port. Docker's port forwarder accepts connections even while nothing
 * listens inside the container and then closes them at once, so a connection only counts when it
 * stays open for `holdMs` (or the server speaks first).
 */
export function probeTcp(port: number, timeoutMs: number, holdMs = 50): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (r: ProbeResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, answer: `TCP connect to port ${String(port)}: no answer in time` }));
    socket.on('connect', () => {
      timer = setTimeout(() => done({ ok: true, answer: `TCP port ${String(port)} accepts connections` }), holdMs);
    });
    socket.on('data', () => done({ ok: true, answer: `TCP port ${String(port)} answered` }));
    socket.on('end', () => done({ ok: false, answer: `TCP connect: ${describeNetError({ code: 'ECONNRESET' })}` }));
    socket.on('close', () => done({ ok: false, answer: `TCP connect: ${describeNetError({ code: 'ECONNRESET' })}` }));
    socket.on('error', (error) => done({ ok: false, answer: `TCP connect: ${describeNetError(error)}` }));
  });
}
