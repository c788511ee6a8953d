import { useCallback, useLayoutEffect, useMemo, useState, useSyncExternalStore, type ReactElement } from 'react';
import { logRawPaths, type LogSource } from '../../../../preload/contract/logs';
import { errorMessage } from '../../api/api-error';
import { download } from '../../api/transfer-url';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useLease } from '../../state/use-lease';
import { Icon } from '../../ui/icons';
import { RowWindow } from './row-window';
import { attachSession, LogSession } from './log-feed';
import { LogRow } from './log-row';
import { useLogSearch } from './use-log-search';

const ROW = 18;

const sourceKey = (s: LogSource): string => (s.kind === 'stage' ? `stage-${String(s.stageId)}${s.service !== undefined ? `-${s.service}` : ''}` : `instance-${String(s.instanceId)}`);

/** Live, virtualised container output for a source: subscribes (leased) and shows the lines. */
export function LogView({ source, label, tail = 5000 }: { readonly source: LogSource; readonly label: string; readonly tail?: number }): ReactElement {
  const key = sourceKey(source);
  const session = useMemo(() => new LogSession(), [key]); // eslint-disable-line react-hooks/exhaustive-deps -- one session per source
  useLease(
    key,
    () => api().call('logs.subscribe', { source, tail }),
    (id) => api().call('logs.renew', { subscriptionId: id }),
    (id) => api().call('logs.unsubscribe', { subscriptionId: id }),
    (id) => attachSession(id, session),
  );
  const onDownload = async (): Promise<void> => {
    try {
      await download(logRawPaths.download, source.kind === 'stage' ? { stageId: source.stageId, service: source.service } : { instanceId: source.instanceId });
    } catch (e) {
      localToast('Download failed', 'error', errorMessage(e));
    }
  };
  return <LogLines session={session} label={label} onDownload={() => void onDownload()} />;
}

/** The rows of `count` in view, kept at the end while following. */
function useRowWindow(count: number, follow: boolean, version: number): { rowWindow: RowWindow; rows: ReturnType<RowWindow['rows']>; attachScroller: (el: HTMLDivElement | null) => void } {
  const [rowWindow] = useState(() => new RowWindow(ROW));
  const view = useSyncExternalStore(rowWindow.subscribe, rowWindow.snapshot);
  const attachScroller = useCallback((el: HTMLDivElement | null) => rowWindow.attach(el), [rowWindow]);

  useLayoutEffect(() => {
    // Scrolled (and re-rendered) before this frame paints, not on the scroll event after it.
    if (follow) rowWindow.scrollToEnd();
  }, [follow, version, count, rowWindow]);
  return { rowWindow, rows: rowWindow.rows(view, count), attachScroller };
}

/** The lines of a session: follow/pause, search with highlighting, stdout/stderr apart, download. */
export function LogLines({ session, label, onDownload }: { readonly session: LogSession; readonly label: string; readonly onDownload: () => void }): ReactElement {
  const version = useSyncExternalStore(session.subscribe, session.version);
  const buffer = session.buffer;
  const [follow, setFollow] = useState(true);
  const [timestamps, setTimestamps] = useState(true);
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [current, setCurrent] = useState(-1);
  const search = useLogSearch(buffer, query, version);
  const filtered = onlyMatches && query !== '';
  const count = filtered ? search.count : buffer.length;
  const lineAt = (row: number): number => (filtered ? (search.matches[row] ?? -1) : buffer.first + row);

  const { rowWindow, rows, attachScroller } = useRowWindow(count, follow, version);

  const jump = (dir: 1 | -1): void => {
    if (search.count === 0) return;
    const i = current < 0 ? (dir === 1 ? 0 : search.count - 1) : (current + dir + search.count) % search.count;
    setCurrent(i);
    setFollow(false);
    const line = search.matches[i] ?? 0;
    rowWindow.scrollToIndex(filtered ? i : line - buffer.first);
  };

  return (
    <section className="log-view" aria-label={label}>
      <div className="toolbar">
        <button type="button" className="btn btn-small" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          <Icon name={follow ? 'pause' : 'play'} size={14} />
          {follow ? 'Following' : 'Follow'}
        </button>
        <label className="inline-check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <SearchBox
          query={query}
          onQuery={(q) => {
            setQuery(q);
            setCurrent(-1);
          }}
          count={search.count}
          scanning={search.scanning}
          jump={jump}
        />
        <label className="inline-check">
          <input type="checkbox" checked={onlyMatches} onChange={(e) => setOnlyMatches(e.target.checked)} /> Only matches
        </label>
        <button type="button" className="btn btn-small" onClick={onDownload}>
          <Icon name="download" size={14} />
          Download
        </button>
      </div>
      <BufferStatus buffer={buffer} />
      <div
        className="log-lines"
        ref={attachScroller}
        role="log"
        aria-label={`${label} lines`}
        tabIndex={0}
        onWheel={(e) => e.deltaY < 0 && follow && setFollow(false)}
        onKeyDown={(e) => ['PageUp', 'ArrowUp', 'Home'].includes(e.key) && setFollow(false)}
      >
        <div style={{ height: count * ROW, position: 'relative', minWidth: '100%' }}>
          {Array.from({ length: rows.end - rows.start }, (_, k) => {
            const row = rows.start + k;
            const index = lineAt(row);
            const line = buffer.get(index);
            if (!line) return null;
            return (
              <div key={row} className="virtual-row" style={{ transform: `translateY(${String(row * ROW)}px)`, height: ROW }}>
                <LogRow line={line} query={query} timestamps={timestamps} current={current >= 0 && search.matches[current] === index} />
              </div>
            );
          })}
        </div>
        {buffer.length === 0 && <p className="log-empty muted">Waiting for output…</p>}
      </div>
    </section>
  );
}

/** The search field with its match count and previous/next buttons; Enter jumps forward, Shift+Enter back. */
function SearchBox({ query, onQuery, count, scanning, jump }: { readonly query: string; readonly onQuery: (q: string) => void; readonly count: number; readonly scanning: boolean; readonly jump: (dir: 1 | -1) => void }): ReactElement {
  return (
    <>
      <input
        type="search"
        className="search"
        aria-label="Search logs"
        placeholder="Search logs  ( / )"
        data-search=""
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && jump(e.shiftKey ? -1 : 1)}
      />
      <span className="muted log-count" aria-live="polite">
        {query !== '' && `${count.toLocaleString()}${scanning ? '…' : ''} ${count === 1 ? 'match' : 'matches'}`}
      </span>
      <button type="button" className="icon-btn" aria-label="Previous match" disabled={count === 0} onClick={() => jump(-1)}>
        ↑
      </button>
      <button type="button" className="icon-btn" aria-label="Next match" disabled={count === 0} onClick={() => jump(1)}>
        ↓
      </button>
    </>
  );
}

/** How many lines are held, and how many were dropped or let go to keep the window responsive. */
function BufferStatus({ buffer }: { readonly buffer: LogSession['buffer'] }): ReactElement {
  return (
    <div className="log-status muted">
      <span>{buffer.length.toLocaleString()} lines</span>
      {buffer.dropped > 0 && (
        <span className="chip chip-warn" title="Lines Slipway dropped because they came faster than the window could take them">
          {buffer.dropped.toLocaleString()} dropped
        </span>
      )}
      {buffer.evicted > 0 && <span>{buffer.evicted.toLocaleString()} oldest lines let go</span>}
    </div>
  );
}
