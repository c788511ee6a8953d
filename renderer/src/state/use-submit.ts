import { useState } from 'react';
import { errorMessage } from '../api/api-error';

/** One form action at a time: busy while it runs, its failure kept as a sentence for the form to show. */
export function useSubmit(): {
  readonly submit: (work: () => Promise<void>) => Promise<void>;
  readonly busy: boolean;
  readonly error: string | null;
  readonly setError: (e: string | null) => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error, setError };
}
