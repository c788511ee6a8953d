import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Where a token in the query string is accepted: the event stream and download routes only, because
 * EventSource and plain links cannot set headers. Everywhere else a token in a URL would end up in
 * logs and history for nothing.
 */
export function queryTokenAllowed(method: string | undefined, pathname: string): boolean {
  return method === 'GET' && (pathname === '/api/stream' || pathname.startsWith('/api/raw/'));
}

/** Bearer header, or `?token=` where queryTokenAllowed says so. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return queryTokenAllowed(req.method, url.pathname) ? url.searchParams.get('token') : null;
}

export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
