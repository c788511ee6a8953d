import type { engineMethods } from '../../preload/contract/engines';
import type { HandlersOf } from '../dispatch/dispatch';
import type { Engines } from './engines';

/** Settings → Engines. */
export function engineHandlers(engines: Engines): HandlersOf<typeof engineMethods> {
  return {
    'engines.list': () => ({ engines: engines.list() }),
    'engines.add': (input) => engines.add(input),
    'engines.update': (patch) => engines.update(patch),
    'engines.remove': ({ name }) => (engines.remove(name), { ok: true as const }),
    'engines.test': ({ name }) => engines.test(name),
    'engines.acceptHostKey': ({ name, fingerprint }) => engines.acceptHostKey(name, fingerprint),
    'engines.contexts': () => ({ contexts: engines.contexts() }),
  };
}
