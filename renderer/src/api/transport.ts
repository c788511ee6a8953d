import type { Result } from '../../../preload/contract';

/** Whether live pushes are flowing. The desktop bridge is always `open`. */
export type StreamState = 'connecting' | 'open' | 'closed';

/** How the client reaches main: the Electron bridge, or HTTP + Server-Sent Events in a browser. */
export interface Transport {
  readonly kind: 'desktop' | 'browser';
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  /** Raw, unvalidated payloads for one topic; returns an unsubscribe function. */
  on(topic: string, listener: (payload: unknown) => void): () => void;
  onStreamState(listener: (state: StreamState) => void): () => void;
}
