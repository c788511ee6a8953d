import type { ReactElement } from 'react';
import { LevelSchema, type Level } from '../../../../preload/contract';
import type { EventFilter } from '../../state/events-model';
import type { NamedOption } from '../../state/names';
import { InlineSelect } from '../../ui/inline-select';
import { IdOptions } from '../../ui/id-options';

export interface EventFiltersProps {
  readonly filter: EventFilter;
  readonly onChange: (f: EventFilter) => void;
  readonly projects: readonly NamedOption[];
  readonly stages: readonly NamedOption[];
}

const levelNames: Record<Level, string> = { debug: 'All levels', info: 'Info and above', warn: 'Warnings and errors', error: 'Errors only' };
const toId = (v: string): number | null => (v === '' ? null : Number(v));

export function EventFilters({ filter, onChange, projects, stages }: EventFiltersProps): ReactElement {
  return (
    <div className="toolbar" role="search" aria-label="Filter events">
      <InlineSelect label="Level" value={filter.level} onChange={(v) => onChange({ ...filter, level: LevelSchema.parse(v) })}>
        {LevelSchema.options.map((l) => (
          <option key={l} value={l}>
            {levelNames[l]}
          </option>
        ))}
      </InlineSelect>
      <InlineSelect label="Project" value={filter.projectId ?? ''} onChange={(v) => onChange({ ...filter, projectId: toId(v), stageId: null })}>
        <IdOptions items={projects} all="All projects" />
      </InlineSelect>
      <InlineSelect label="Stage" value={filter.stageId ?? ''} onChange={(v) => onChange({ ...filter, stageId: toId(v) })}>
        <IdOptions items={stages} all="All stages" />
      </InlineSelect>
      <input
        className="search"
        type="search"
        aria-label="Search events"
        placeholder="Search events  ( / )"
        data-search=""
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
      />
    </div>
  );
}
