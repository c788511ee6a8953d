import path from 'node:path';

/**
 * The desktop window is served from `app://slipway/` (a standard, secure scheme) instead of `file://`: its
 * requests then carry `Origin: app://slipway`, so the loopback transfer server can accept exactly that
 * origin and refuse `Origin: null`, which any file:// page, sandboxed frame or data: URL also sends.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://slipway`;
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/**
 * The renderer file an `app://slipway/…` request asks for, or null: another host, a path that leaves the
 * renderer folder (`..`, also percent-encoded), or a malformed URL. `/` is the page itself.
 */
export function appFileFor(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN || url.username !== '' || url.password !== '') return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.split(/[/\\]/).includes('..')) return null;
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/** The origins the transfer server lets call it: the app page, and the dev server's while developing. */
export function transferOrigins(devRendererUrl: string | undefined): string[] {
  if (devRendererUrl === undefined || devRendererUrl === '') return [APP_ORIGIN];
  return [APP_ORIGIN, new URL(devRendererUrl).origin];
}
