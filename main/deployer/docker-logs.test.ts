import { describe, expect, it } from 'vitest';
import { demuxDockerLog, lastLines } from './docker-logs';

const frame = (stream: number, text: string): Buffer => {
  const payload = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(payload.length, 4);
  return Buffer.concat([head, payload]);
};

describe('demuxDockerLog', () => {
  it('joins stdout and stderr frames in order', () => {
    expect(demuxDockerLog(Buffer.concat([frame(1, 'app starting\n'), frame(2, 'fatal: boom\n')]))).toBe('app starting\nfatal: boom\n');
  });
  it('passes unframed (TTY) output through', () => {
    expect(demuxDockerLog(Buffer.from('plain text\n'))).toBe('plain text\n');
  });
  it('keeps the last lines', () => {
    expect(lastLines('a\n\nb\nc\n', 2)).toBe('b | c');
  });
});
