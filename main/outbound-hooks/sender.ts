import http from 'node:http';
import https from 'node:https';

/** One HTTP attempt's outcome, whatever happened. */
export interface SendResult {
  readonly status: number | null;
  readonly ok: boolean;
  readonly error: string | null;
  readonly responseSnippet: string | null;
  readonly durationMs: number;
  readonly retryAfter: string | null;
  /** True when the attempt was cut short by the caller's stop signal (not a timeout). */
  readonly interrupted: boolean;
}

export interface SendRequest {
  /** POST unless said otherwise (channels also PUT and GET). */
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** Aborts the attempt when the service stops. */
  readonly stop: AbortSignal;
}

export type Sender = (req: SendRequest) => Promise<SendResult>;

export const SNIPPET_BYTES = 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
};

/** Closes kept-alive connections (on stop), so nothing holds the process open. */
export function closeIdleConnections(): void {
  agents['http:'].destroy();
  agents['https:'].destroy();
}

/**
 * Sends with node:http(s) (fetch refuses some ports, e.g. 6000 or 10080, that a receiver may use).
 * Only 2xx is success; redirects are not followed (a 3xx is a failure, per Standard Webhooks).
 * Reads at most the first KiB of the answer; the timeout covers the whole exchange.
 */
export const httpSender: Sender = (req) =>
  new Promise((resolve) => {
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      resolve(failure(`"${req.url}" is not a valid URL`, 0, false));
      return;
    }
    if (req.stop.aborted) {
      resolve(failure('stopped', 0, true));
      return;
    }
    let done = false;
    let timedOut = false;
    const finish = (result: SendResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.stop.removeEventListener('abort', onStop);
      resolve(result);
    };
    const onStop = (): void => {
      request.destroy(new Error('stopped'));
    };
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error('timeout'));
    }, req.timeoutMs);
    const isHttps = url.protocol === 'https:';
    const request = (isHttps ? https : http).request(
      url,
      {
        method: req.method ?? 'POST',
        headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
        agent: agents[isHttps ? 'https:' : 'http:'],
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const answered = (): void => {
          const ok = status >= 200 && status < 300;
          const text = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8');
          const retryAfter = res.headers['retry-after'];
          finish({
            status,
            ok,
            error: ok ? null : `the receiver answered HTTP ${String(status)}`,
            responseSnippet: text === '' ? null : text,
            durationMs: elapsed(),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            interrupted: false,
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (size < SNIPPET_BYTES) chunks.push(chunk);
          size += chunk.length;
          if (size >= SNIPPET_BYTES) {
            answered();
            res.destroy(); // the rest of a large answer is not needed
          }
        });
        res.on('end', answered);
        res.on('error', answered);
        res.on('close', answered);
      },
    );
    req.stop.addEventListener('abort', onStop, { once: true });
    request.on('error', (error) => {
      if (timedOut) finish(failure(`no answer within ${String(req.timeoutMs / 1000)} s`, elapsed(), false));
      else if (req.stop.aborted) finish(failure('stopped', elapsed(), true));
      else finish(failure(describeNetworkError(error, url.host), elapsed(), false));
    });
    request.end(req.body);
  });

function failure(error: string, durationMs: number, interrupted: boolean): SendResult {
  return { status: null, ok: false, error, responseSnippet: null, durationMs, retryAfter: null, interrupted };
}

function describeNetworkError(error: Error, host: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ECONNREFUSED':
      return `connection refused by ${host}: is the receiver running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${host}: check the hook URL`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${host} closed the connection before answering`;
    default:
      return `could not reach ${host}: ${error.message}`;
  }
}
