import { describe, expect, it } from 'vitest';
import type { LogRule } from '../../preload/contract';
import { LogScanner, defaultScannerOptions, type LogLine, type RuleFired } from './scanner';

const rule = (over: Partial<LogRule> = {}): LogRule => ({
  id: 1,
  projectId: null,
  overrides: null,
  name: 'errors',
  pattern: 'ERROR',
  ignoreCase: false,
  stream: 'any',
  level: 'error',
  threshold: 3,
  windowSeconds: 10,
  cooldownSeconds: 30,
  enabled: true,
  action: 'none',
  actionMaxPerHour: 3,
  createdAt: 0,
  ...over,
});

const line = (ts: number, text = 'ERROR boom', over: Partial<LogLine> = {}): LogLine => ({
  projectId: 1,
  stageId: 2,
  containerId: 'c1',
  stream: 'stdout',
  ts,
  text,
  ...over,
});

function setup(rules: LogRule[], opts = defaultScannerOptions): { scanner: LogScanner; fired: RuleFired[]; slow: LogRule[] } {
  const fired: RuleFired[] = [];
  const slow: LogRule[] = [];
  const scanner = new LogScanner((f) => fired.push(f), (r) => slow.push(r), opts);
  scanner.setRules(rules);
  return { scanner, fired, slow };
}

describe('LogScanner', () => {
  it('fires when the threshold is reached within the window, then cools down', async () => {
    const { scanner, fired } = setup([rule()]);
    // Two matches 11 s apart never meet the 10 s window; the third, fourth and fifth do.
    scanner.consume([line(0), line(11_000), line(12_000), line(13_000), line(14_000)]);
    await scanner.idle();
    expect(fired).toHaveLength(1);
    expect(fired[0]!.matches).toBe(3);
    expect(fired[0]!.line.ts).toBe(13_000);
    // Inside the 30 s cooldown nothing counts; after it, three more matches fire again.
    scanner.consume([line(20_000), line(30_000), line(42_000), line(44_000), line(45_000), line(46_000)]);
    await scanner.idle();
    expect(fired.map((f) => f.line.ts)).toEqual([13_000, 46_000]);
    expect(scanner.getStats()).toMatchObject({ linesScanned: 11, fired: 2, linesDropped: 0 });
  });

  it('respects stream filters and counts stages separately', async () => {
    const { scanner, fired } = setup([rule({ threshold: 2, stream: 'stderr' })]);
    scanner.consume([line(0), line(1, 'ERROR', { stream: 'stderr' }), line(2, 'ERROR', { stream: 'stderr', stageId: 3 }), line(3, 'ok', { stream: 'stderr' })]);
    await scanner.idle();
    expect(fired).toHaveLength(0);
    scanner.consume([line(4, 'ERROR again', { stream: 'stderr' })]);
    await scanner.idle();
    expect(fired).toHaveLength(1);
    expect(fired[0]!.samples).toEqual(['ERROR', 'ERROR again']);
  });

  it('drops what does not fit the queue and counts it, without blocking the caller', async () => {
    const { scanner, fired } = setup([rule({ threshold: 1, cooldownSeconds: 0 })], { ...defaultScannerOptions, maxQueuedLines: 100 });
    const batch = Array.from({ length: 250 }, (_, i) => line(i));
    scanner.consume(batch);
    expect(scanner.getStats()).toMatchObject({ linesDropped: 150, queued: 100, linesScanned: 0 });
    await scanner.idle();
    expect(scanner.getStats()).toMatchObject({ linesScanned: 100, queued: 0 });
    expect(fired).toHaveLength(100);
  });

  it('scans only the head of very long lines', async () => {
    const { scanner, fired } = setup([rule({ threshold: 1 })], { ...defaultScannerOptions, maxLineLength: 100 });
    scanner.consume([line(0, 'x'.repeat(200) + 'ERROR')]);
    await scanner.idle();
    expect(fired).toHaveLength(0);
    expect(scanner.getStats().linesTruncated).toBe(1);
  });

  it('suspends a rule whose single match is too slow', async () => {
    const { scanner, slow } = setup([rule({ pattern: 'a' })], { ...defaultScannerOptions, slowMatchMs: -1 });
    scanner.consume([line(0, 'a'), line(1, 'a')]);
    await scanner.idle();
    expect(slow.map((r) => r.id)).toEqual([1]);
  });
  it('counts each rule\'s matches, firings and the matches dropped while cooling down', async () => {
    const { scanner } = setup([rule({ threshold: 1, cooldownSeconds: 30 }), rule({ id: 2, pattern: 'nothing-like-this' })]);
    scanner.consume([line(1000), line(2000), line(3000, 'fine'), line(40_000)]);
    await scanner.idle();
    expect(scanner.ruleCounters([1, 2])).toEqual([
      { ruleId: 1, matched: 3, fired: 2, dropped: 1, lastFiredAt: 40_000 },
      { ruleId: 2, matched: 0, fired: 0, dropped: 0, lastFiredAt: null },
    ]);
  });
});
