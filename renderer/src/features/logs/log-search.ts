import type { LogBuffer } from './log-buffer';

/**
 * Lines matching a query, found a slice at a time so a million lines never block the window for long.
 * `advance` scans up to `budget` lines and returns true while more remain.
 */
export class LogSearch {
  readonly matches: number[] = [];
  private next: number;
  private readonly needle: string;

  constructor(
    private readonly buffer: LogBuffer,
    readonly query: string,
  ) {
    this.needle = query.toLowerCase();
    this.next = buffer.first;
  }

  get done(): boolean {
    return this.next >= this.buffer.end;
  }

  advance(budget: number): boolean {
    if (this.needle === '') return false;
    // Lines evicted since the last slice are gone from the results too.
    if (this.next < this.buffer.first) this.next = this.buffer.first;
    while (this.matches.length > 0 && (this.matches[0] ?? 0) < this.buffer.first) this.matches.shift();
    const stop = Math.min(this.buffer.end, this.next + budget);
    this.buffer.scan(this.next, stop, this.needle, this.matches);
    this.next = stop;
    return !this.done;
  }
}

/** Where the query occurs in a text, as [start, end) pairs (case-insensitive, non-overlapping). */
export function matchRanges(text: string, query: string): [number, number][] {
  if (query === '') return [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: [number, number][] = [];
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}
