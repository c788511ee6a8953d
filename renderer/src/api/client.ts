import {
  methods,
  pushes,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type PushPayload,
  type PushTopic,
} from '../../../preload/contract';
import { ApiError } from './api-error';
import type { StreamState, Transport } from './transport';

export interface ApiClient {
  readonly kind: Transport['kind'];
  /** Calls a contract method; resolves with its validated output or throws an ApiError. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Live pushes for one topic, validated against the contract; malformed payloads never reach listeners. */
  subscribe<T extends PushTopic>(topic: T, listener: (payload: PushPayload<T>) => void): () => void;
  onStreamState(listener: (state: StreamState) => void): () => void;
}

export function createClient(transport: Transport, warn: (message: string) => void = () => undefined): ApiClient {
  return {
    kind: transport.kind,
    async call(method, input) {
      const result = await transport.invoke(method, input);
      if (!result.ok) throw new ApiError(result.error);
      const parsed = methods[method].output.safeParse(result.value);
      if (!parsed.success) {
        throw new ApiError({ code: 'INTERNAL', message: `Slipway answered ${method} in a shape this window does not understand. Reload the window.` });
      }
      return parsed.data as MethodOutput<typeof method>;
    },
    subscribe(topic, listener) {
      const schema = pushes[topic];
      return transport.on(topic, (raw) => {
        const parsed = schema.safeParse(raw);
        if (parsed.success) listener(parsed.data as PushPayload<typeof topic>);
        else warn(`Ignored a malformed "${topic}" push.`);
      });
    },
    onStreamState: (listener) => transport.onStreamState(listener),
  };
}
