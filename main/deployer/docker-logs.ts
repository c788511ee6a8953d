/**
 * Docker's multiplexed log framing for non-TTY containers: per frame 1 byte stream (1 stdout,
 * 2 stderr), 3 zero bytes, 4 bytes big-endian length, then the payload. A buffer that does not
 * look framed (TTY containers) is returned as plain text.
 */
export function demuxDockerLog(buf: Buffer): string {
  const framed = buf.length >= 8 && (buf[0] === 1 || buf[0] === 2) && buf[1] === 0 && buf[2] === 0 && buf[3] === 0;
  if (!framed) return buf.toString('utf8');
  let out = '';
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

/** The last `n` non-empty lines, joined for a one-line reason ("line 1 | line 2"). */
export function lastLines(text: string, n: number): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0);
  return lines.slice(-n).join(' | ');
}
