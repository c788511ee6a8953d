import type { LogLineTuple } from '../../preload/contract/logs';

/** One downloaded log line: ISO time, stream, text (greppable, sortable). */
export function formatLogLine([ts, stream, text]: LogLineTuple): string {
  return `${new Date(ts).toISOString()} ${stream === 1 ? 'stderr' : 'stdout'} ${text}\n`;
}
