import type { Result } from '../../../preload/contract';

/** What the Electron preload exposes on `window.slipway` (contextBridge): nothing else. */
export interface SlipwayBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(topic: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    readonly slipway?: SlipwayBridge;
  }
}

export function desktopBridge(): SlipwayBridge | null {
  return typeof window !== 'undefined' && window.slipway !== undefined ? window.slipway : null;
}
