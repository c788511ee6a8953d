import { useState, type ReactElement } from 'react';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { ActionButton } from '../../ui/action-button';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { TableHead } from '../../ui/table-head';
import { RuleEditor, type Editing } from './rule-editor';
import { rowsFor, type RuleRow } from './rule-form';
import { useLogRules } from './use-log-rules';

function Scope({ row, projectId }: { readonly row: RuleRow; readonly projectId: number | null }): ReactElement {
  if (projectId === null) return <span className="chip chip-info">global</span>;
  if (row.global === null) return <span className="chip chip-info">this project</span>;
  if (row.rule.id === row.global.id) return <span className="chip">global</span>;
  return <span className="chip chip-warn">{row.rule.enabled ? 'overridden here' : 'disabled here'}</span>;
}

function RowActions({ row, projectId, route, edit, reload }: {
  readonly row: RuleRow;
  readonly projectId: number | null;
  readonly route: string;
  readonly edit: (e: Editing) => void;
  readonly reload: () => void;
}): ReactElement {
  const { rule, global } = row;
  const inherited = projectId !== null && global !== null && rule.id === global.id;
  const override = projectId !== null && global !== null && rule.id !== global.id;
  const remove = (what: string, body: string): Promise<{ title: string; body: string; route: string }> =>
    api()
      .call('logRules.remove', { id: rule.id })
      .then(() => (reload(), { title: what, body, route }));
  if (inherited) {
    return (
      <>
        <button type="button" className="btn btn-small" aria-label={`Override ${rule.name} here`} onClick={() => edit({ kind: 'override', global: rule })}>
          Override
        </button>
        <ActionButton
          className="btn btn-small"
          label="Disable here"
          busyLabel="Disabling…"
          ariaLabel={`Disable ${rule.name} here`}
          failure={`Could not disable “${rule.name}” here`}
          run={() =>
            api()
              .call('logRules.create', { projectId, overrides: rule.id, enabled: false })
              .then(() => (reload(), { title: `“${rule.name}” disabled for this project`, body: 'The global rule still applies to other projects.', route }))
          }
        />
      </>
    );
  }
  return (
    <>
      <button type="button" className="btn btn-small" aria-label={`Edit ${rule.name}`} onClick={() => edit({ kind: 'edit', rule })}>
        Edit
      </button>
      <ActionButton
        className="btn btn-small btn-danger-quiet"
        label={override ? 'Use global' : 'Remove'}
        busyLabel="Removing…"
        ariaLabel={override ? `Use the global ${rule.name} here` : `Remove ${rule.name}`}
        failure={`Could not remove “${rule.name}”`}
        run={() => (override ? remove(`“${rule.name}” follows the global rule again`, 'The override was removed.') : remove(`Rule “${rule.name}” removed`, rule.projectId === null ? 'It no longer applies to any project.' : ''))}
      />
    </>
  );
}

function RuleTable({ rows, projectId, route, edit, reload }: { readonly rows: readonly RuleRow[]; readonly projectId: number | null; readonly route: string; readonly edit: (e: Editing) => void; readonly reload: () => void }): ReactElement {
  return (
    <table className="table" aria-label="Log rules">
      <TableHead columns={['Rule', 'Pattern', 'Scope', 'Fires on', { label: 'Matched', num: true }, { label: 'Fired', num: true }, { label: 'Dropped', num: true, title: 'Matches while the rule was quiet after firing' }, 'Last fired']} />
      <tbody>
        {rows.map((row) => {
          const { rule, counters } = row;
          return (
            <tr key={rule.id} aria-label={`Rule ${rule.name}`} className={rule.enabled ? undefined : 'muted'}>
              <td>
                <span className={`chip chip-${rule.level === 'error' ? 'error' : rule.level === 'warn' ? 'warn' : 'info'}`}>{rule.level}</span> {rule.name}
                {!rule.enabled && <span className="muted"> (off)</span>}
              </td>
              <td>
                <code>/{rule.pattern}/{rule.ignoreCase ? 'i' : ''}</code>
                {rule.stream !== 'any' && <span className="muted"> {rule.stream}</span>}
              </td>
              <td>
                <Scope row={row} projectId={projectId} />
              </td>
              <td>
                {rule.threshold === 1 ? 'every match' : `${String(rule.threshold)} in ${String(rule.windowSeconds)} s`}
                <span className="muted">, quiet {String(rule.cooldownSeconds)} s</span>
              </td>
              <td className="num" aria-label="Matched">
                {counters?.matched ?? 0}
              </td>
              <td className="num" aria-label="Fired">
                {counters?.fired ?? 0}
              </td>
              <td className="num" aria-label="Dropped">
                {counters?.dropped ?? 0}
              </td>
              <td>{counters?.lastFiredAt != null ? <RelativeTime ts={counters.lastFiredAt} /> : <span className="muted">never</span>}</td>
              <td className="row-actions">
                <RowActions row={row} projectId={projectId} route={route} edit={edit} reload={reload} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Log-scan rules for everything (projectId null, under Settings) or for one project (its overrides and own rules). */
export function LogRulesPanel({ projectId }: { readonly projectId: number | null }): ReactElement {
  const { data, error, reload } = useLogRules(projectId);
  const projects = useProjects((s) => s.projects);
  const [editing, setEditing] = useState<Editing | null>(null);
  const route = projectId === null ? '/settings' : `/projects/${String(projectId)}/rules`;
  const rows = data ? rowsFor(data.rules, data.counters, projectId) : [];
  return (
    <section className="card settings-section" aria-labelledby={`log-rules-${String(projectId ?? 'global')}`}>
      <div className="section-head">
        <h2 id={`log-rules-${String(projectId ?? 'global')}`}>{projectId === null ? 'Log rules' : 'Log rules for this project'}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'new' })}>
          New rule
        </button>
      </div>
      <p className="muted">
        {projectId === null
          ? 'A rule watches every project’s container output and raises an event (and a notification) when a pattern matches often enough. Projects can override or disable a global rule.'
          : 'Global rules apply here unless overridden or disabled; rules added here watch only this project.'}
      </p>
      {error !== null && <ErrorNote message={`The rules could not be loaded: ${error}`} />}
      {data === null && error === null && <p className="muted">Loading rules…</p>}
      {data !== null && rows.length === 0 && <p className="muted">No rules yet. Add one, e.g. <code>ERROR|FATAL</code>, to hear about failures as they are logged.</p>}
      {rows.length > 0 && <RuleTable rows={rows} projectId={projectId} route={route} edit={setEditing} reload={reload} />}
      {editing !== null && <RuleEditor editing={editing} projectId={projectId} projects={projects} route={route} onClose={() => setEditing(null)} onSaved={reload} />}
    </section>
  );
}
