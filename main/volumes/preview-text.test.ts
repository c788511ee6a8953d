import { describe, expect, it } from 'vitest';
import { previewText } from './preview-text';

describe('previewText', () => {
  it('decodes UTF-8 text', () => {
    expect(previewText(Buffer.from('hello\nwörld\n'))).toBe('hello\nwörld\n');
  });
  it('drops a character cut at the end of the sample', () => {
    const full = Buffer.from('aé');
    expect(previewText(full.subarray(0, full.length - 1))).toBe('a');
  });
  it('calls binary what has NUL bytes or invalid UTF-8', () => {
    expect(previewText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]))).toBeNull();
    expect(previewText(Buffer.from([0xff, 0xfe, 0x41]))).toBeNull();
  });
});
