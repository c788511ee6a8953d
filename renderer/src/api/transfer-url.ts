import { api } from '../state/client-ref';
import { sessionToken } from './connect';

/**
 * A URL for a raw transfer route (downloads, uploads). In a browser the routes are on this origin;
 * the desktop window asks main where its loopback transfer server listens.
 */
export async function transferUrl(path: string, params: Record<string, string | number | undefined>): Promise<{ url: string; token: string }> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  if (api().kind === 'browser') {
    const token = sessionToken() ?? '';
    return { url: `${path}?${q.toString()}`, token };
  }
  const ep = await api().call('system.transferEndpoint', {});
  return { url: `${ep.baseUrl}${path}?${q.toString()}`, token: ep.token };
}

/**
 * Starts a download without leaving the page (the route answers with Content-Disposition: attachment),
 * through a single-use link main makes for it: the API token never appears in a URL.
 */
export async function download(path: string, params: Record<string, string | number | undefined>): Promise<void> {
  const defined: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) defined[k] = v;
  const { url } = await api().call('system.downloadUrl', { path, params: defined });
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
