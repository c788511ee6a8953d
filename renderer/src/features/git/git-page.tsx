import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { GitFollow, GitPush, MethodOutput } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useNames } from '../../state/names';
import { ActionButton } from '../../ui/action-button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { usePages } from '../../state/use-pages';
import { WindowedList } from '../../ui/windowed-list';
import { FollowDialog } from './follow-dialog';

type Repository = MethodOutput<'git.pushes'>['repositories'][number];

/** Pushes fetched per page of a repository's history, and each line's height. */
const PAGE = 200;
const HISTORY_ROW = 30;

function headline(p: GitPush): string {
  return p.commits[p.commits.length - 1]?.message.split('\n')[0] ?? (p.tag !== null ? `tag ${p.tag}` : p.commit.slice(0, 7));
}

function PushLine({ push, as: Tag = 'li' }: { readonly push: GitPush; readonly as?: 'li' | 'div' }): ReactElement {
  return (
    <Tag className="push-line" aria-label={`Push ${push.commit.slice(0, 7)}`}>
      <RelativeTime ts={push.receivedAt} />
      <span className="chip">{push.branch ?? (push.tag !== null ? `tag ${push.tag}` : push.ref)}</span>
      <span className="msg">
        <strong>{push.pusher ?? push.commits[0]?.author ?? 'someone'}</strong> pushed {push.commitCount} {push.commitCount === 1 ? 'commit' : 'commits'}: {headline(push)}
      </span>
      {push.compareUrl !== null ? (
        <a href={push.compareUrl} target="_blank" rel="noreferrer" className="link">
          {push.commit.slice(0, 7)}
        </a>
      ) : (
        <code>{push.commit.slice(0, 7)}</code>
      )}
    </Tag>
  );
}

/** A repository's older pushes, windowed and paged back from the newest one shown above them. */
function PushHistory({ repo, newestId }: { readonly repo: string; readonly newestId: number }): ReactElement {
  const pages = usePages<GitPush>(
    `git-${repo}-${String(newestId)}`,
    async (beforeId, limit) => (await api().call('git.pushes', { repo, limit, beforeId: beforeId ?? newestId })).repositories[0]?.pushes ?? [],
    PAGE,
  );
  if (pages.error !== null) return <ErrorNote message={`Could not load the history: ${pages.error}`} />;
  if (pages.items === null) return <p className="muted">Loading…</p>;
  return (
    <WindowedList
      items={pages.items}
      rowHeight={HISTORY_ROW}
      rowKey={(p) => p.id}
      label={`History of ${repo}`}
      fitRows={12}
      hasMore={pages.hasOlder}
      loadingMore={pages.loadingOlder}
      onEndReached={pages.loadOlder}
      renderRow={(p) => <PushLine push={p} as="div" />}
    />
  );
}

function RepositoryCard({ repo, follows, reload }: { readonly repo: Repository; readonly follows: readonly GitFollow[]; readonly reload: () => void }): ReactElement {
  const projectName = useNames((s) => s.projects);
  const stageName = useNames((s) => s.stages);
  const [following, setFollowing] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const last = repo.pushes[0];
  return (
    <section className="card repo-card" aria-label={`Repository ${repo.repo}`}>
      <div className="repo-head">
        <h2>{repo.repoUrl !== null ? <a href={repo.repoUrl} target="_blank" rel="noreferrer">{repo.repo}</a> : repo.repo}</h2>
        <span className="muted">
          {repo.pushCount} {repo.pushCount === 1 ? 'push' : 'pushes'}, last <RelativeTime ts={repo.lastPushAt} />
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => setFollowing(true)}>
          Follow with project…
        </button>
      </div>
      {follows.length > 0 && (
        <ul className="plain-list" aria-label={`Projects following ${repo.repo}`}>
          {follows.map((f) => (
            <li key={f.id} className="follow-line">
              <span>
                <strong>{projectName.get(f.projectId) ?? `project ${String(f.projectId)}`}</strong> redeploys {stageName.get(f.action.stageId)?.name ?? 'a stage'}
                {f.action.tag !== null && (
                  <>
                    {' '}
                    with <code>{f.action.tag}</code>
                  </>
                )}{' '} on pushes to <code>{f.branch}</code>
                <span className="muted"> · {f.lastTriggeredAt !== null ? <>last triggered <RelativeTime ts={f.lastTriggeredAt} /></> : 'not triggered yet'}</span>
              </span>
              <ActionButton
                className="btn btn-small btn-danger-quiet"
                label="Unfollow"
                busyLabel="Unfollowing…"
                ariaLabel={`Unfollow ${repo.repo} for ${projectName.get(f.projectId) ?? 'the project'}`}
                failure="Could not unfollow"
                run={() =>
                  api()
                    .call('git.unfollow', { id: f.id })
                    .then(() => (reload(), { title: `Unfollowed ${repo.repo}`, body: 'Pushes there no longer redeploy anything.', route: '/git' }))
                }
              />
            </li>
          ))}
        </ul>
      )}
      {last && (
        <>
          <h3 className="visually-hidden">Last push</h3>
          <ul className="plain-list" aria-label={`Last push to ${repo.repo}`}>
            <PushLine push={last} />
          </ul>
        </>
      )}
      {last && repo.pushCount > 1 && (
        <details onToggle={(e) => setHistoryOpen(e.currentTarget.open)}>
          <summary>History ({repo.pushCount - 1})</summary>
          {historyOpen && <PushHistory repo={repo.repo} newestId={last.id} />}
        </details>
      )}
      {following && <FollowDialog repo={repo.repo} onClose={() => setFollowing(false)} onFollowed={reload} />}
    </section>
  );
}

/** Git pushes by repository (last push and history), and which projects follow them. */
export function GitPage(): ReactElement {
  const [data, setData] = useState<{ repositories: readonly Repository[]; follows: readonly GitFollow[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const reload = useCallback(() => {
    Promise.all([api().call('git.pushes', { limit: 1 }), api().call('git.follows', {})])
      .then(([p, f]) => {
        setData({ repositories: p.repositories, follows: f.follows });
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    reload();
    return api().subscribe('event', (e) => {
      if (e.type.startsWith('git.')) reload();
    });
  }, [reload]);
  const repos = (data?.repositories ?? []).filter((r) => filter === '' || r.repo.toLowerCase().includes(filter.toLowerCase()));
  return (
    <section className="page page-scroll" aria-labelledby="git-title">
      <header className="page-header">
        <h1 id="git-title">Git</h1>
        <input type="search" className="search search-narrow" data-search aria-label="Search repositories" placeholder="Search repositories  /" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </header>
      {error !== null && <ErrorNote message={`Pushes could not be loaded: ${error}`} />}
      {data === null && error === null && <p className="muted">Loading pushes…</p>}
      {data !== null && data.repositories.length === 0 && (
        <EmptyState title="No pushes yet">
          <p>
            Point your forge’s push webhook (GitHub, GitLab, Gitea/Forgejo) at the webhook URL in Settings → Webhook. Each push is listed here by repository, and
            “Follow with project…” makes a push redeploy a stage.
          </p>
        </EmptyState>
      )}
      <div className="page-body">
        {repos.map((r) => (
          <RepositoryCard key={r.repo} repo={r} follows={(data?.follows ?? []).filter((f) => f.repo === r.repo)} reload={reload} />
        ))}
      </div>
    </section>
  );
}
