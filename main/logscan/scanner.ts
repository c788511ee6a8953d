import type { LogRule } from '../../preload/contract';
import { compilePattern } from './pattern';
import { effectiveRules } from './effective-rules';

/** One line from a container's log, as the log streaming service pushes it. */
export interface LogLine {
  readonly projectId: number;
  readonly stageId: number | null;
  readonly containerId: string;
  readonly stream: 'stdout' | 'stderr';
  /** Milliseconds since the epoch, as the engine stamped the line. */
  readonly ts: number;
  readonly text: string;
}

export interface RuleFired {
  readonly rule: LogRule;
  readonly line: LogLine;
  readonly matches: number;
  /** The last few matching lines (oldest first), for the event and notice. */
  readonly samples: readonly string[];
}

export interface ScannerOptions {
  /** Lines waiting to be scanned; beyond this, incoming lines are dropped and counted. */
  readonly maxQueuedLines: number;
  /** Only the first this many characters of a line are scanned. */
  readonly maxLineLength: number;
  /** Work for at most this long before yielding to the event loop. */
  readonly sliceMs: number;
  /** A single match taking longer than this suspends the rule (a pattern safe-regex missed). */
  readonly slowMatchMs: number;
}

export const defaultScannerOptions: ScannerOptions = { maxQueuedLines: 20_000, maxLineLength: 4096, sliceMs: 8, slowMatchMs: 50 };

export interface ScannerStats {
  readonly linesScanned: number;
  readonly linesDropped: number;
  readonly linesTruncated: number;
  readonly fired: number;
  readonly queued: number;
}

/** What one rule has done since the scanner started. */
export interface RuleCounters {
  readonly ruleId: number;
  readonly matched: number;
  readonly fired: number;
  /** Matches that arrived while the rule was cooling down, so did not count towards a firing. */
  readonly dropped: number;
  readonly lastFiredAt: number | null;
}

interface Compiled {
  readonly rule: LogRule;
  readonly regex: RegExp;
}

interface Window {
  /** Timestamps of recent matches, oldest first, never more than the threshold. */
  times: number[];
  samples: string[];
  quietUntil: number;
  lastSeen: number;
}

const SAMPLES = 3;
const SAMPLE_CHARS = 500;

/**
 * Scans log lines against the rules. `consume` only queues (bounded) and returns at once, so
 * log delivery is never held up; scanning runs in short slices on the event loop. When the
 * queue is full, new lines are dropped and counted rather than slowing the producer.
 */
export class LogScanner {
  private queue: LogLine[] = [];
  private head = 0;
  private scheduled: NodeJS.Immediate | null = null;
  private running = true;
  private rules: readonly LogRule[] = [];
  private readonly compiled = new Map<number, Compiled[]>();
  private readonly windows = new Map<string, Window>();
  private stats = { linesScanned: 0, linesDropped: 0, linesTruncated: 0, fired: 0 };
  private readonly idleWaiters: (() => void)[] = [];
  private readonly counters = new Map<number, { matched: number; fired: number; dropped: number; lastFiredAt: number | null }>();

  constructor(
    private readonly onFire: (fired: RuleFired) => void,
    private readonly onSlowRule: (rule: LogRule, ms: number) => void,
    private readonly opts: ScannerOptions = defaultScannerOptions,
  ) {}

  /** Replaces the rule set (after any rule change). Windows of rules that remain are kept. */
  setRules(rules: readonly LogRule[]): void {
    this.rules = rules;
    this.compiled.clear();
    const ids = new Set(rules.map((r) => r.id));
    for (const key of this.windows.keys()) if (!ids.has(Number(key.split(':')[0]))) this.windows.delete(key);
    for (const id of this.counters.keys()) if (!ids.has(id)) this.counters.delete(id);
  }

  /** Takes a batch from the log stream. Never throws, never blocks on scanning. */
  consume(batch: readonly LogLine[]): void {
    if (!this.running) return;
    if (this.rules.length === 0) {
      this.stats.linesScanned += batch.length; // nothing to match: no need to queue
      return;
    }
    const room = this.opts.maxQueuedLines - (this.queue.length - this.head);
    const take = Math.max(0, Math.min(room, batch.length));
    for (let i = 0; i < take; i++) this.queue.push(batch[i]!);
    this.stats.linesDropped += batch.length - take;
    if (take > 0) this.schedule();
  }

  /** Per-rule counters for the given rules (zeros for a rule that has not matched yet). */
  ruleCounters(ruleIds: readonly number[]): RuleCounters[] {
    return ruleIds.map((ruleId) => ({ ruleId, ...(this.counters.get(ruleId) ?? { matched: 0, fired: 0, dropped: 0, lastFiredAt: null }) }));
  }

  getStats(): ScannerStats {
    return { ...this.stats, queued: this.queue.length - this.head };
  }

  /** Resolves when everything queued so far has been scanned. */
  idle(): Promise<void> {
    if (this.queue.length === this.head) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.running = false;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.queue = [];
    this.head = 0;
    this.releaseIdle();
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => {
      this.scheduled = null;
      this.work();
    });
  }

  private work(): void {
    const deadline = performance.now() + this.opts.sliceMs;
    while (this.head < this.queue.length) {
      const line = this.queue[this.head++]!;
      this.scan(line);
      if ((this.head & 63) === 0 && performance.now() >= deadline) break;
    }
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.releaseIdle();
      if (this.windows.size > 10_000) this.pruneWindows();
    } else {
      if (this.head > 4096) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }

  private scan(line: LogLine): void {
    this.stats.linesScanned++;
    const rules = this.rulesFor(line.projectId);
    if (rules.length === 0) return;
    let text = line.text;
    if (text.length > this.opts.maxLineLength) {
      text = text.slice(0, this.opts.maxLineLength);
      this.stats.linesTruncated++;
    }
    for (const c of rules) {
      if (c.rule.stream !== 'any' && c.rule.stream !== line.stream) continue;
      const t0 = performance.now();
      const hit = c.regex.test(text);
      const ms = performance.now() - t0;
      if (ms > this.opts.slowMatchMs) {
        this.suspend(c.rule, ms);
        continue;
      }
      if (hit) this.count(c.rule, line, text);
    }
  }

  private count(rule: LogRule, line: LogLine, text: string): void {
    const key = `${String(rule.id)}:${String(line.projectId)}:${String(line.stageId)}`;
    let w = this.windows.get(key);
    if (!w) {
      w = { times: [], samples: [], quietUntil: -Infinity, lastSeen: line.ts };
      this.windows.set(key, w);
    }
    w.lastSeen = line.ts;
    let c = this.counters.get(rule.id);
    if (!c) {
      c = { matched: 0, fired: 0, dropped: 0, lastFiredAt: null };
      this.counters.set(rule.id, c);
    }
    c.matched++;
    if (line.ts < w.quietUntil) {
      c.dropped++; // cooling down: matches do not count towards the next firing
      return;
    }
    const from = line.ts - rule.windowSeconds * 1000;
    w.times = w.times.filter((t) => t > from);
    w.times.push(line.ts);
    if (w.times.length > rule.threshold) w.times.shift();
    w.samples.push(text.slice(0, SAMPLE_CHARS));
    if (w.samples.length > SAMPLES) w.samples.shift();
    if (w.times.length < rule.threshold) return;
    const fired: RuleFired = { rule, line, matches: w.times.length, samples: [...w.samples] };
    w.times = [];
    w.samples = [];
    w.quietUntil = line.ts + rule.cooldownSeconds * 1000;
    this.stats.fired++;
    c.fired++;
    c.lastFiredAt = line.ts;
    try {
      this.onFire(fired);
    } catch (error) {
      console.error('log rule handler failed', error);
    }
  }

  private suspend(rule: LogRule, ms: number): void {
    this.rules = this.rules.filter((r) => r.id !== rule.id);
    this.compiled.clear();
    try {
      this.onSlowRule(rule, ms);
    } catch (error) {
      console.error('slow log rule handler failed', error);
    }
  }

  private rulesFor(projectId: number): Compiled[] {
    let list = this.compiled.get(projectId);
    if (!list) {
      list = [];
      for (const rule of effectiveRules(this.rules, projectId)) {
        const check = compilePattern(rule.pattern, rule.ignoreCase);
        if (check.ok) list.push({ rule, regex: check.regex });
      }
      this.compiled.set(projectId, list);
    }
    return list;
  }

  /** Forgets windows idle for longer than their rule could still count or cool down. */
  private pruneWindows(): void {
    const newest = Math.max(...[...this.windows.values()].map((w) => w.lastSeen));
    const byId = new Map(this.rules.map((r) => [r.id, r]));
    for (const [key, w] of this.windows) {
      const rule = byId.get(Number(key.split(':')[0]));
      const keep = rule ? Math.max(rule.windowSeconds, rule.cooldownSeconds) * 1000 : 0;
      if (w.lastSeen < newest - keep) this.windows.delete(key);
    }
  }

  private releaseIdle(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
