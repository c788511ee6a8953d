import type { SlipwayBridge } from './bridge';
import type { Transport } from './transport';

/** Desktop: main queues pushes until the window is ready, so the stream is always open. */
export function bridgeTransport(bridge: SlipwayBridge): Transport {
  return {
    kind: 'desktop',
    invoke: (method, input) => bridge.invoke(method, input),
    on: (topic, listener) => bridge.on(topic, listener),
    onStreamState: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}
