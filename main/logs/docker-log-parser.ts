import type { LogLineTuple } from '../../preload/contract/logs';

/** Milliseconds from an RFC 3339 timestamp as the engine writes it (`2024-05-01T10:00:00.123456789Z`). */
export function parseEngineTime(s: string, cache: Map<string, number>): number | null {
  if (s.length < 20 || s[10] !== 'T') return null;
  const secondsPart = s.slice(0, 19);
  let base = cache.get(secondsPart);
  if (base === undefined) {
    base = Date.parse(`${secondsPart}Z`);
    if (Number.isNaN(base)) return null;
    if (cache.size > 1000) cache.clear();
    cache.set(secondsPart, base);
  }
  // Fraction digits after the dot; the zone is Z in engine output.
  let ms = 0;
  if (s[19] === '.') {
    let scale = 100;
    for (let i = 20; i < 23; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
  }
  return base + ms;
}

/**
 * Incremental parser for `docker logs` output with timestamps: either the multiplexed framing
 * (non-TTY: 8-byte header per frame, stream 1 stdout / 2 stderr) or raw text (TTY). Frames may
 * split anywhere, lines may span frames; each complete line becomes [ms, stream, text].
 */
export class DockerLogParser {
  private header = Buffer.alloc(0);
  private frameLeft = 0;
  private frameStream: 0 | 1 = 0;
  private readonly partial: [string, string] = ['', ''];
  private readonly decoders = [new TextDecoder('utf-8'), new TextDecoder('utf-8')] as const;
  private readonly cache = new Map<string, number>();
  private lastTs = 0;

  constructor(private readonly tty: boolean) {}

  /** Feeds bytes; returns the complete lines they finished. */
  push(chunk: Buffer): LogLineTuple[] {
    const out: LogLineTuple[] = [];
    if (this.tty) {
      this.text(0, chunk, out);
      return out;
    }
    let i = 0;
    while (i < chunk.length) {
      if (this.frameLeft === 0) {
        const need = 8 - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(i, i + need)]);
        i += Math.min(need, chunk.length - i);
        if (this.header.length < 8) break;
        this.frameStream = this.header[0] === 2 ? 1 : 0;
        this.frameLeft = this.header.readUInt32BE(4);
        this.header = Buffer.alloc(0);
        continue;
      }
      const take = Math.min(this.frameLeft, chunk.length - i);
      this.text(this.frameStream, chunk.subarray(i, i + take), out);
      this.frameLeft -= take;
      i += take;
    }
    return out;
  }

  /** The end of the stream: whatever is left without a newline is a line too. */
  end(): LogLineTuple[] {
    const out: LogLineTuple[] = [];
    for (const s of [0, 1] as const) {
      const rest = this.partial[s] + this.decoders[s].decode();
      this.partial[s] = '';
      if (rest !== '') out.push(this.line(s, rest));
    }
    return out;
  }

  private text(stream: 0 | 1, bytes: Buffer, out: LogLineTuple[]): void {
    const text = this.partial[stream] + this.decoders[stream].decode(bytes, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      out.push(this.line(stream, text.slice(start, end)));
      start = nl + 1;
    }
    this.partial[stream] = text.slice(start);
  }

  private line(stream: 0 | 1, raw: string): LogLineTuple {
    const space = raw.indexOf(' ');
    const ts = space > 0 ? parseEngineTime(raw.slice(0, space), this.cache) : null;
    if (ts === null) return [this.lastTs, stream, raw];
    this.lastTs = ts;
    return [ts, stream, raw.slice(space + 1)];
  }
}
