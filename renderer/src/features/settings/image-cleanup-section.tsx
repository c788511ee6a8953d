import { useEffect, useState, type ReactElement } from 'react';
import type { ImageCleanup } from '../../../../preload/contract/images';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { ActionButton } from '../../ui/action-button';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { bytes } from '../../ui/time';

/** Disk space: what image clean-up freed, and "Clean up now". */
export function ImageCleanupSection(): ReactElement {
  const [state, setState] = useState<ImageCleanup | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api().call('images.cleanupStatus', {}).then(setState, (e: unknown) => setError(errorMessage(e)));
  }, []);
  return (
    <section className="card settings-section" aria-labelledby="set-images">
      <h2 id="set-images">Images on disk</h2>
      <p className="muted">
        Slipway removes images it pulled once no instance of any project (live, warm or kept for rollback) and no container uses them: after each deploy and
        daily. Images it did not pull are never touched.
      </p>
      {state && (
        <p aria-label="Image clean-up summary">
          Reclaimed so far: <strong>{bytes(state.totalReclaimedBytes)}</strong> ({String(state.totalRemoved)} image{state.totalRemoved === 1 ? '' : 's'} removed);{' '}
          {String(state.pulledOnDisk)} pulled image{state.pulledOnDisk === 1 ? '' : 's'} still on disk.
          {state.lastRunAt !== null && (
            <>
              {' '}
              Last clean-up <RelativeTime ts={state.lastRunAt} />: {state.lastRemoved.length === 0 ? 'nothing to remove' : `${bytes(state.lastReclaimedBytes)} freed`}.
            </>
          )}
        </p>
      )}
      {error !== null && <ErrorNote message={error} />}
      <ActionButton
        label="Clean up now"
        busyLabel="Cleaning up…"
        disabled={state?.running === true}
        failure="Image clean-up failed"
        failureRoute="/settings"
        run={async () => {
          const next = await api().call('images.cleanup', {});
          setState(next);
          setError(null);
          return {
            title: next.lastRemoved.length === 0 ? 'Nothing to clean up' : `Freed ${bytes(next.lastReclaimedBytes)}`,
            body: next.lastRemoved.length === 0 ? 'Every pulled image is still used by an instance or a rollback target.' : `Removed ${next.lastRemoved.join(', ')}.`,
            route: '/settings',
          };
        }}
      />
    </section>
  );
}
