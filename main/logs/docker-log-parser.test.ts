import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DockerLogParser, parseEngineTime } from './docker-log-parser';

const frame = (stream: 1 | 2, text: string): Buffer => {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
};

describe('parseEngineTime', () => {
  it('reads nanosecond timestamps to the millisecond', () => {
    const cache = new Map<string, number>();
    expect(parseEngineTime('2024-05-01T10:00:00.123456789Z', cache)).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(parseEngineTime('2024-05-01T10:00:01Z', cache)).toBe(Date.UTC(2024, 4, 1, 10, 0, 1, 0));
    expect(parseEngineTime('hello', cache)).toBeNull();
  });
});

describe('DockerLogParser', () => {
  it('splits multiplexed frames into timestamped stdout and stderr lines', () => {
    const p = new DockerLogParser(false);
    const lines = p.push(Buffer.concat([frame(1, '2024-05-01T10:00:00.5Z hello\n'), frame(2, '2024-05-01T10:00:01.25Z oops\r\n')]));
    expect(lines).toEqual([
      [Date.UTC(2024, 4, 1, 10, 0, 0, 500), 0, 'hello'],
      [Date.UTC(2024, 4, 1, 10, 0, 1, 250), 1, 'oops'],
    ]);
  });

  it('joins lines and frames cut at any byte, UTF-8 included', () => {
    const input = Buffer.concat([frame(1, '2024-05-01T10:00:00Z héllo wörld\n2024-05-01T10:00:00Z sec'), frame(1, 'ond\n')]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const p = new DockerLogParser(false);
        const got: string[] = [];
        let prev = 0;
        for (const c of [...points, input.length]) {
          for (const l of p.push(input.subarray(prev, c))) got.push(l[2]);
          prev = c;
        }
        expect(got).toEqual(['héllo wörld', 'second']);
      }),
    );
  });

  it('reads raw TTY output and keeps an unterminated last line for the end', () => {
    const p = new DockerLogParser(true);
    expect(p.push(Buffer.from('2024-05-01T10:00:00Z one\n2024-05-01T10:00:00Z tw'))).toEqual([[Date.UTC(2024, 4, 1, 10), 0, 'one']]);
    expect(p.push(Buffer.from('o'))).toEqual([]);
    expect(p.end()).toEqual([[Date.UTC(2024, 4, 1, 10), 0, 'two']]);
  });

  it('keeps a line without a timestamp, stamped like the one before', () => {
    const p = new DockerLogParser(true);
    expect(p.push(Buffer.from('2024-05-01T10:00:00Z a\ncontinued\n')).map((l) => [l[0], l[2]])).toEqual([
      [Date.UTC(2024, 4, 1, 10), 'a'],
      [Date.UTC(2024, 4, 1, 10), 'continued'],
    ]);
  });
});
