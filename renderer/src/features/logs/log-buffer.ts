import type { LogLineTuple } from '../../../../preload/contract/logs';

/** 0 stdout, 1 stderr, 2 a notice from Slipway (a swap, a stop, dropped lines). */
export type LineKind = 0 | 1 | 2;

const CHUNK = 16_384;

/**
 * A chunk's text is an array of strings while it fills, then "sealed" into one string plus offsets:
 * a million lines become ~60 strings instead of a million, which keeps garbage-collection pauses short
 * and lets search run over whole chunks.
 */
interface Chunk {
  readonly ts: Float64Array;
  readonly kind: Uint8Array;
  open: string[] | null;
  sealed: string | null;
  offsets: Uint32Array | null;
  length: number;
}

const newChunk = (): Chunk => ({ ts: new Float64Array(CHUNK), kind: new Uint8Array(CHUNK), open: [], sealed: null, offsets: null, length: 0 });

function seal(c: Chunk): void {
  const lines = c.open ?? [];
  const offsets = new Uint32Array(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    offsets[i] = at;
    at += (lines[i] ?? '').length;
  }
  offsets[lines.length] = at;
  c.sealed = lines.join('');
  c.offsets = offsets;
  c.open = null;
}

export interface Line {
  readonly ts: number;
  readonly kind: LineKind;
  readonly text: string;
}

/**
 * Append-only log lines in fixed-size chunks (typed arrays for time and kind), so a million lines cost
 * little memory and appending never copies. Beyond `capacity` the oldest chunk goes, counted as evicted.
 */
export class LogBuffer {
  private chunks: Chunk[] = [newChunk()];
  private base = 0;
  /** Lines the server said it dropped (it could not keep up), and lines evicted here for capacity. */
  dropped = 0;
  evicted = 0;
  /** Bumped on every change; views subscribe to it. */
  version = 0;

  constructor(readonly capacity = 1_500_000) {}

  /** Index of the first line still held (lines before it were evicted). */
  get first(): number {
    return this.base;
  }

  get length(): number {
    const last = this.chunks[this.chunks.length - 1];
    return (this.chunks.length - 1) * CHUNK + (last?.length ?? 0);
  }

  /** Absolute index past the last line. */
  get end(): number {
    return this.base + this.length;
  }

  append(lines: readonly LogLineTuple[]): void {
    for (const [ts, stream, text] of lines) this.push(ts, stream, text);
    this.version++;
  }

  notice(ts: number, text: string): void {
    this.push(ts, 2, text);
    this.version++;
  }

  private push(ts: number, kind: LineKind, text: string): void {
    let last = this.chunks[this.chunks.length - 1] ?? newChunk();
    if (last.length === CHUNK) {
      seal(last);
      last = newChunk();
      this.chunks.push(last);
      if (this.length > this.capacity) {
        this.chunks.shift();
        this.base += CHUNK;
        this.evicted += CHUNK;
      }
    }
    last.ts[last.length] = ts;
    last.kind[last.length] = kind;
    last.open?.push(text);
    last.length++;
  }

  private locate(i: number): { c: Chunk; j: number } | null {
    const rel = i - this.base;
    if (rel < 0) return null;
    const c = this.chunks[Math.floor(rel / CHUNK)];
    const j = rel % CHUNK;
    return c && j < c.length ? { c, j } : null;
  }

  /** The line at an absolute index (first ≤ i < end). */
  get(i: number): Line | null {
    const at = this.locate(i);
    if (!at) return null;
    return { ts: at.c.ts[at.j] ?? 0, kind: (at.c.kind[at.j] ?? 0) as LineKind, text: textOf(at.c, at.j) };
  }

  /** Text only. */
  text(i: number): string | undefined {
    const at = this.locate(i);
    return at ? textOf(at.c, at.j) : undefined;
  }

  /**
   * Appends to `out` the absolute indexes in [from, to) whose text contains `needle` (already lower-case).
   * Sealed chunks are searched as one string, a match mapped back to its line through the offsets.
   */
  scan(from: number, to: number, needle: string, out: number[]): void {
    let i = Math.max(from, this.base);
    const stop = Math.min(to, this.end);
    while (i < stop) {
      const at = this.locate(i);
      if (!at) break;
      const { c, j } = at;
      const jEnd = Math.min(c.length, j + (stop - i));
      if (c.sealed !== null && c.offsets !== null) scanSealed(c.sealed, c.offsets, j, jEnd, needle, i - j, out);
      else for (let k = j; k < jEnd; k++) if ((c.open?.[k] ?? '').toLowerCase().includes(needle)) out.push(i - j + k);
      i += jEnd - j;
    }
  }

  clear(): void {
    this.chunks = [newChunk()];
    this.base = 0;
    this.dropped = 0;
    this.evicted = 0;
    this.version++;
  }
}

function textOf(c: Chunk, j: number): string {
  if (c.sealed !== null && c.offsets !== null) return c.sealed.slice(c.offsets[j], c.offsets[j + 1]);
  return c.open?.[j] ?? '';
}

function scanSealed(text: string, offsets: Uint32Array, j: number, jEnd: number, needle: string, chunkStart: number, out: number[]): void {
  const from = offsets[j] ?? 0;
  const to = offsets[jEnd] ?? text.length;
  const region = text.slice(from, to);
  const lower = region.toLowerCase();
  if (lower.length !== region.length) {
    // Lower-casing changed lengths (rare Unicode): offsets would not line up, so go line by line.
    for (let k = j; k < jEnd; k++) if (text.slice(offsets[k], offsets[k + 1]).toLowerCase().includes(needle)) out.push(chunkStart + k);
    return;
  }
  let line = j;
  for (let p = lower.indexOf(needle); p !== -1; p = lower.indexOf(needle, p + 1)) {
    const abs = from + p;
    while (line + 1 <= jEnd && (offsets[line + 1] ?? 0) <= abs) line++;
    if (line >= jEnd) break;
    // A match must lie wholly inside one line, not across the seam between two.
    if (abs + needle.length <= (offsets[line + 1] ?? 0)) {
      if (out[out.length - 1] !== chunkStart + line) out.push(chunkStart + line);
      // Next search starts at the following line (one hit per line is enough).
      p = (offsets[line + 1] ?? abs + 1) - from - 1;
    }
  }
}
