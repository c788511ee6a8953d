import { describe, expect, it } from 'vitest';
import { lineSpans } from './ansi';

describe('lineSpans', () => {
  it('turns ANSI colours into classes', () => {
    const spans = lineSpans('\u001b[31mred\u001b[0m plain', '');
    expect(spans.map((s) => [s.text, s.className])).toEqual([
      ['red', 'ansi-red-fg'],
      [' plain', ''],
    ]);
  });
  it('splits out search matches, inside coloured text too', () => {
    const spans = lineSpans('\u001b[32mall OK\u001b[0m ok', 'ok');
    expect(spans.map((s) => [s.text, s.hit, s.className])).toEqual([
      ['all ', false, 'ansi-green-fg'],
      ['OK', true, 'ansi-green-fg'],
      [' ', false, ''],
      ['ok', true, ''],
    ]);
  });
  it('takes plain text as it is', () => {
    expect(lineSpans('no colour', '')).toEqual([{ text: 'no colour', className: '', hit: false }]);
  });
});
