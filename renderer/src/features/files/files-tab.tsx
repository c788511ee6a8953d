import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { volumeRawPaths, type ProjectVolumeView, type VolumeEntry, type VolumeListing, type VolumePreview, type VolumeRef } from '../../../../preload/contract/volumes';
import { errorMessage } from '../../api/api-error';
import { download, transferUrl } from '../../api/transfer-url';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { ConfirmButton } from '../../ui/confirm-button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNote } from '../../ui/error-note';
import { Icon } from '../../ui/icons';
import { InlineSelect } from '../../ui/inline-select';
import { TableHead } from '../../ui/table-head';
import { bytes, fullTime } from '../../ui/time';
import { crumbs, joinPath, placeOptions, placeRef, sortEntries } from './files-model';

const rawParams = (ref: VolumeRef, path: string): Record<string, string | number | undefined> => ({
  projectId: ref.projectId,
  target: ref.target,
  stageId: ref.stageId,
  instanceId: ref.instanceId,
  service: ref.service,
  engine: ref.engine,
  path,
});

/** Volume browser: pick a volume copy, walk folders, preview, download, upload, new folder, delete. */
export function FilesTab({ project }: { readonly project: Project }): ReactElement {
  const [volumes, setVolumes] = useState<readonly ProjectVolumeView[] | null>(null);
  const [placeKey, setPlaceKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .call('volumes.list', { projectId: project.id })
      .then(({ volumes: v }) => {
        setVolumes(v);
        const first = placeOptions(v).find((o) => o.place.browsable);
        if (first) setPlaceKey(first.key);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [project.id]);
  if (error !== null) return <ErrorNote message={error} />;
  if (volumes === null) return <p className="muted">Loading volumes…</p>;
  if (volumes.length === 0) {
    return (
      <EmptyState title="No volumes">
        <p>This project mounts no volumes. Add one in the project’s Settings tab to keep files across deploys.</p>
      </EmptyState>
    );
  }
  const options = placeOptions(volumes);
  const chosen = options.find((o) => o.key === placeKey) ?? null;
  return (
    <div className="tab-fill">
      <div className="toolbar">
        <InlineSelect label="Volume" value={placeKey} onChange={setPlaceKey}>
          {options.map((o) => (
            <option key={o.key} value={o.key} disabled={!o.place.browsable}>
              {o.label}
            </option>
          ))}
        </InlineSelect>
      </div>
      {options
        .filter((o) => !o.place.browsable)
        .map((o) => (
          <p key={o.key} className="muted">
            {o.label}: {o.place.reason}
          </p>
        ))}
      {chosen?.place.browsable && <Browser key={chosen.key} volumeRef={placeRef(project.id, chosen)} rootName={chosen.volume.target} />}
    </div>
  );
}

/** The listing of one folder, kept current as `dir` changes; `reload` re-reads it after a change. */
function useListing(volumeRef: VolumeRef, dir: string): { listing: VolumeListing | null; error: string | null; setError: (e: string | null) => void; reload: () => Promise<void> } {
  const [listing, setListing] = useState<VolumeListing | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async (): Promise<void> => {
    try {
      setListing(await api().call('volumes.browse', { ref: volumeRef, path: dir }));
      setError(null);
    } catch (e) {
      setListing(null);
      setError(errorMessage(e));
    }
  }, [volumeRef, dir]);

  useEffect(() => {
    let live = true;
    api()
      .call('volumes.browse', { ref: volumeRef, path: dir })
      .then((l) => {
        if (!live) return;
        setListing(l);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setListing(null);
        setError(errorMessage(e));
      });
    return () => {
      live = false;
    };
  }, [dir, volumeRef]);

  return { listing, error, setError, reload };
}

const filesRoute = (ref: VolumeRef): string => `/projects/${String(ref.projectId)}/files`;

/** Uploads each file into `dir`, one toast per file, so one failure does not stop the rest. */
async function uploadFiles(volumeRef: VolumeRef, dir: string, files: FileList | null): Promise<void> {
  for (const file of Array.from(files ?? [])) {
    try {
      const { url, token } = await transferUrl(volumeRawPaths.file, rawParams(volumeRef, joinPath(dir, file.name)));
      const res = await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: file });
      const body = (await res.json()) as { ok: boolean; error?: { message: string } };
      if (!body.ok) throw new Error(body.error?.message ?? `upload answered ${String(res.status)}`);
      localToast(`Uploaded ${file.name}`, 'success', `Into ${volumeRef.target}/${dir}`, filesRoute(volumeRef));
    } catch (e) {
      localToast(`Upload of ${file.name} failed`, 'error', e instanceof Error ? e.message : String(e), filesRoute(volumeRef));
    }
  }
}

/** The Upload button: a file picker that shows progress while its files go up. */
function UploadButton({ volumeRef, dir, onDone }: { readonly volumeRef: VolumeRef; readonly dir: string; readonly onDone: () => Promise<void> }): ReactElement {
  const { submit, busy } = useSubmit();
  return (
    <label className="btn btn-small file-pick" aria-busy={busy}>
      {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="upload" size={14} />} {busy ? 'Uploading…' : 'Upload'}
      <input
        type="file"
        multiple
        aria-label="Upload files"
        disabled={busy}
        onChange={(e) => {
          const input = e.target;
          void submit(async () => {
            await uploadFiles(volumeRef, dir, input.files);
            input.value = '';
            await onDone();
          });
        }}
      />
    </label>
  );
}

function Browser({ volumeRef, rootName }: { readonly volumeRef: VolumeRef; readonly rootName: string }): ReactElement {
  const [dir, setDir] = useState('');
  const { listing, error, setError, reload } = useListing(volumeRef, dir);
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<VolumePreview | null>(null);

  const open = async (name: string, kind: string): Promise<void> => {
    const path = joinPath(dir, name);
    if (kind === 'dir') {
      setSelected(null);
      setPreview(null);
      setDir(path);
      return;
    }
    setSelected(path);
    try {
      setPreview(await api().call('volumes.preview', { ref: volumeRef, path }));
    } catch (e) {
      setPreview(null);
      setError(errorMessage(e));
    }
  };

  return (
    <div className="browser">
      <div className="toolbar">
        <Crumbs dir={dir} rootName={rootName} onOpen={setDir} />
        <span className="grow" />
        <NewFolder volumeRef={volumeRef} dir={dir} onCreated={reload} onError={setError} />
        <UploadButton volumeRef={volumeRef} dir={dir} onDone={reload} />
      </div>
      {error !== null && <ErrorNote message={error} />}
      <div className="browser-split">
        <table className="table files-table" aria-label={`Files in ${rootName}${dir === '' ? '' : `/${dir}`}`}>
          <TableHead columns={['Name', { label: 'Size', num: true }, 'Modified']} />
          <tbody>
            {listing && listing.entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  This folder is empty.
                </td>
              </tr>
            )}
            {sortEntries(listing?.entries ?? []).map((e) => {
              const path = joinPath(dir, e.name);
              return (
                <EntryRow
                  key={e.name}
                  entry={e}
                  selected={selected === path}
                  volumeRef={volumeRef}
                  path={path}
                  onOpen={() => void open(e.name, e.kind)}
                  onError={setError}
                  onDeleted={async () => {
                    if (selected === path) setPreview(null);
                    await reload();
                  }}
                />
              );
            })}
          </tbody>
        </table>
        <PreviewPane preview={preview} />
      </div>
      {listing?.truncated && <p className="muted">Only the first entries are listed.</p>}
    </div>
  );
}

function NewFolder({ volumeRef, dir, onCreated, onError }: { readonly volumeRef: VolumeRef; readonly dir: string; readonly onCreated: () => Promise<void>; readonly onError: (message: string) => void }): ReactElement {
  const [name, setName] = useState('');
  const { submit, busy } = useSubmit();
  const create = async (): Promise<void> => {
    const trimmed = name.trim();
    if (trimmed === '' || busy) return;
    await submit(async () => {
      try {
        await api().call('volumes.mkdir', { ref: volumeRef, path: joinPath(dir, trimmed) });
      } catch (e) {
        onError(errorMessage(e));
        localToast(`Could not create the folder ${trimmed}`, 'error', errorMessage(e), filesRoute(volumeRef));
        return;
      }
      setName('');
      await onCreated();
      localToast(`Folder ${trimmed} created`, 'success', `In ${volumeRef.target}/${dir}`, filesRoute(volumeRef));
    });
  };
  return (
    <>
      <input type="text" aria-label="New folder name" placeholder="new folder" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void create()} />
      <button type="button" className="btn btn-small" disabled={name.trim() === '' || busy} aria-busy={busy} onClick={() => void create()}>
        {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name="folder" size={14} />} {busy ? 'Creating…' : 'Create folder'}
      </button>
    </>
  );
}

function Crumbs({ dir, rootName, onOpen }: { readonly dir: string; readonly rootName: string; readonly onOpen: (path: string) => void }): ReactElement {
  return (
    <nav aria-label="Folder path" className="crumbs">
      {crumbs(dir, rootName).map((c, i, all) => (
        <span key={c.path}>
          {i > 0 && <span aria-hidden="true"> / </span>}
          {i === all.length - 1 ? (
            <strong aria-current="location">{c.name}</strong>
          ) : (
            <button type="button" className="link" onClick={() => onOpen(c.path)}>
              {c.name}
            </button>
          )}
        </span>
      ))}
    </nav>
  );
}

interface EntryRowProps {
  readonly entry: VolumeEntry;
  readonly path: string;
  readonly selected: boolean;
  readonly volumeRef: VolumeRef;
  readonly onOpen: () => void;
  readonly onError: (message: string) => void;
  readonly onDeleted: () => Promise<void>;
}

function EntryRow({ entry: e, path, selected, volumeRef, onOpen, onError, onDeleted }: EntryRowProps): ReactElement {
  return (
    <tr aria-selected={selected}>
      <td>
        <button type="button" className="link file-name" onClick={onOpen}>
          <Icon name={e.kind === 'dir' ? 'folder' : 'file'} size={14} /> {e.name}
          {e.linkTarget !== null && <span className="muted"> → {e.linkTarget}</span>}
        </button>
      </td>
      <td className="num">{e.size === null ? '—' : bytes(e.size)}</td>
      <td>{fullTime(e.mtime)}</td>
      <td className="row-actions">
        <button type="button" className="icon-btn" aria-label={`Download ${e.name}`} onClick={() => void download(volumeRawPaths.file, rawParams(volumeRef, path)).catch((x: unknown) => onError(errorMessage(x)))}>
          <Icon name="download" size={14} />
        </button>
        <ConfirmButton
          label="Delete"
          className="btn btn-small btn-danger-quiet"
          title={`Delete ${e.name}?`}
          confirmLabel="Delete"
          destructive
          onConfirm={async () => {
            await api().call('volumes.delete', { ref: volumeRef, path });
            await onDeleted();
          }}
        >
          <p>{e.kind === 'dir' ? `The folder ${e.name} and everything in it will be deleted.` : `${e.name} will be deleted.`} This cannot be undone.</p>
        </ConfirmButton>
      </td>
    </tr>
  );
}

function PreviewPane({ preview }: { readonly preview: VolumePreview | null }): ReactElement {
  return (
    <aside className="preview" aria-label="Preview">
      {preview ? (
        <>
          <h3>{preview.path.split('/').pop()}</h3>
          <p className="muted">
            {bytes(preview.size)} · {fullTime(preview.mtime)}
            {preview.truncated && ' · first part shown'}
          </p>
          {preview.text === null ? <p className="muted">Binary file: download it to open.</p> : <pre className="code preview-text">{preview.text}</pre>}
        </>
      ) : (
        <p className="muted">Select a file to preview it.</p>
      )}
    </aside>
  );
}
