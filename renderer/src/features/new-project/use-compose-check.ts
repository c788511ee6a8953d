import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import type { ComposeCheck } from './compose-form';

/** How long typing pauses before the file is checked. */
const PAUSE_MS = 350;

interface Answer {
  /** The input it answers, to tell a current answer from one for text since changed. */
  readonly key: string;
  readonly check: ComposeCheck | null;
  readonly error: string | null;
}

/** `compose.check` on the file as typed, once typing pauses; an older answer never replaces a newer one. */
export function useComposeCheck(yaml: string, image: string, allowHostAccess: boolean): { readonly check: ComposeCheck | null; readonly checking: boolean; readonly error: string | null } {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const key = JSON.stringify([yaml, image, allowHostAccess]);
  const empty = yaml.trim() === '';
  useEffect(() => {
    if (empty) return;
    let live = true;
    const t = setTimeout(() => {
      api()
        .call('compose.check', { compose: yaml, image, allowHostAccess })
        .then((check) => live && setAnswer({ key, check, error: null }))
        .catch((e: unknown) => live && setAnswer({ key, check: null, error: errorMessage(e) }));
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key, empty, yaml, image, allowHostAccess]);
  if (empty) return { check: null, checking: false, error: null };
  // The last answer stays shown while the next one is on its way.
  return { check: answer?.check ?? null, checking: answer?.key !== key, error: answer?.key === key ? answer.error : null };
}
