import { desktopBridge } from './bridge';
import { bridgeTransport } from './bridge-transport';
import { createClient, type ApiClient } from './client';
import { httpTransport } from './http-transport';
import { browserToken, TOKEN_KEY } from './token';

/** Picks the transport: the Electron bridge when the preload exposed it, HTTP + SSE on the same origin otherwise. */
export function connectClient(): ApiClient {
  const bridge = desktopBridge();
  const transport = bridge ? bridgeTransport(bridge) : httpTransport({ apiBase: '/api', token: browserToken() });
  return createClient(transport, (message) => console.warn(message));
}

/** The browser token, for raw transfer URLs on the same origin (downloads cannot send headers). */
export function sessionToken(): string | null {
  return window.sessionStorage.getItem(TOKEN_KEY);
}
