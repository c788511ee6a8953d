import { ResultSchema, type Result } from '../../../preload/contract';
import { advanceLastId, parseStreamMessage, reconnectDelay } from './stream-message';
import type { StreamState, Transport } from './transport';

export interface HttpTransportOptions {
  /** Origin + path prefix of the API, e.g. `http://127.0.0.1:4000/api` or `/api`. */
  readonly apiBase: string;
  readonly token: string | null;
}

/**
 * Browser: `POST {apiBase}/<method>` for calls, one EventSource for every push topic.
 * On a dropped stream it reconnects with `since=<last event id>` so the server replays what was missed.
 */
export function httpTransport(opts: HttpTransportOptions): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(s: StreamState) => void>();
  let state: StreamState = 'closed';
  let source: EventSource | null = null;
  let lastId = 0;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: StreamState): void => {
    if (next === state) return;
    state = next;
    for (const l of stateListeners) l(next);
  };

  const connect = (): void => {
    timer = null;
    const url = `${opts.apiBase}/stream?token=${encodeURIComponent(opts.token ?? '')}&since=${String(lastId)}`;
    setState('connecting');
    const es = new EventSource(url);
    source = es;
    es.onopen = () => {
      attempt = 0;
      setState('open');
    };
    es.onmessage = (msg: MessageEvent<string>) => {
      const parsed = parseStreamMessage(msg.data);
      if (!parsed) return;
      if (parsed.topic === 'event') lastId = advanceLastId(lastId, msg.lastEventId);
      for (const l of listeners.get(parsed.topic) ?? []) l(parsed.payload);
    };
    // The browser's own retry would reuse the original `since`; reconnect by hand instead.
    es.onerror = () => {
      es.close();
      if (source !== es) return;
      source = null;
      setState('closed');
      timer = setTimeout(connect, reconnectDelay(attempt++));
    };
  };

  const ensureStream = (): void => {
    if (source === null && timer === null) connect();
  };

  return {
    kind: 'browser',
    async invoke(method, input): Promise<Result<unknown>> {
      let response: Response;
      try {
        response = await fetch(`${opts.apiBase}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token ?? ''}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Slipway is not answering. Check that `slipway serve` is still running, then reload.', details: { offline: true } } };
      }
      try {
        const parsed = ResultSchema.safeParse(await response.json());
        if (parsed.success) return parsed.data;
      } catch {
        // falls through to the generic error below
      }
      if (response.status === 401) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This window has no valid token. Open the address `slipway serve` printed (it carries the token).' } };
      return { ok: false, error: { code: 'INTERNAL', message: `Slipway answered ${String(response.status)} with an unreadable body.` } };
    },
    on(topic, listener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
      ensureStream();
      return () => set.delete(listener);
    },
    onStreamState(listener) {
      stateListeners.add(listener);
      listener(state);
      ensureStream();
      return () => stateListeners.delete(listener);
    },
  };
}
