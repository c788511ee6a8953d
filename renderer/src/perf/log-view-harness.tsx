import { createRoot } from 'react-dom/client';
import { pushes } from '../../../preload/contract';
import { parseStreamMessage } from '../api/stream-message';
import { LogSession } from '../features/logs/log-feed';
import { LogLines } from '../features/logs/log-view';
import '../styles/theme.css';
import '../styles/base.css';
import '../styles/components.css';
import '../styles/features.css';

/**
 * Benchmark page (not part of the app): the real log view, fed the way the event stream feeds it —
 * SSE message text → JSON → contract validation → session — at a chosen rate, while Chromium's
 * long-task entries are collected.
 */
export interface RunOptions {
  readonly total: number;
  readonly linesPerSecond: number;
  readonly batchMs: number;
  /** Typed into the search box when half the lines are in. */
  readonly search: string | null;
}

export interface RunResult {
  readonly lines: number;
  readonly elapsedMs: number;
  readonly linesPerSecond: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly longTaskTotalMs: number;
  /** The longest time between two animation frames: what a user sees as a hitch, long task or not. */
  readonly longestFrameGapMs: number;
  readonly heapMb: number | null;
  readonly matches: string;
  /** Each long task: when it started (ms after the run began) and how long it took. */
  readonly tasks: readonly (readonly [number, number])[];
}

const session = new LogSession(2_000_000);
const root = document.getElementById('root');
if (root) createRoot(root).render(<LogLines session={session} label="Benchmark log" onDownload={() => undefined} />);

const words = ['GET /api/items 200 4ms', 'POST /api/orders 201 12ms', 'cache miss for key user:42', 'worker 3 picked job 9912', 'ERROR upstream timed out after 5000ms', 'db pool 7/20 in use'];
const colour = (s: string, i: number): string => (i % 17 === 0 ? `\u001b[33m${s}\u001b[0m` : i % 29 === 0 ? `\u001b[1;31m${s}\u001b[0m` : s);

/** Pre-built wire messages (as the server sends them), so building them does not count as the view's work. */
function wireBatches(linesPerBatch: number, kinds: number): string[] {
  const out: string[] = [];
  let n = 0;
  for (let b = 0; b < kinds; b++) {
    const lines: [number, 0 | 1, string][] = [];
    for (let i = 0; i < linesPerBatch; i++, n++) {
      const text = `${new Date(1_700_000_000_000 + n).toISOString()} level=info req=${String(n)} ${colour(words[n % words.length] ?? '', n)} ${'x'.repeat(n % 40)}`;
      lines.push([1_700_000_000_000 + n, n % 11 === 0 ? 1 : 0, text]);
    }
    out.push(JSON.stringify({ topic: 'logs', payload: { subscriptionId: 'bench', instanceId: 1, lines, dropped: 0, notice: null } }));
  }
  return out;
}

async function run(o: RunOptions): Promise<RunResult> {
  const perBatch = Math.max(1, Math.round((o.linesPerSecond * o.batchMs) / 1000));
  const batches = wireBatches(perBatch, 16);
  // Building the wire messages is the sender's work, not the view's: let that task end first.
  await new Promise((r) => setTimeout(r, 200));
  const tasks: number[] = [];
  const when: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      tasks.push(e.duration);
      when.push([Math.round(e.startTime - start), Math.round(e.duration)]);
    }
  });
  const schema = pushes.logs;
  const start = performance.now();
  observer.observe({ type: 'longtask', buffered: false });
  let longestFrameGap = 0;
  let lastFrame = start;
  let framing = true;
  const frame = (t: number): void => {
    longestFrameGap = Math.max(longestFrameGap, t - lastFrame);
    lastFrame = t;
    if (framing) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  let sent = 0;
  let tick = 0;
  let searched = false;
  await new Promise<void>((resolve) => {
    const step = (): void => {
      const wire = batches[tick % batches.length] ?? '';
      const msg = parseStreamMessage(wire);
      const parsed = schema.safeParse(msg?.payload);
      if (parsed.success) session.receive(parsed.data);
      sent += perBatch;
      tick++;
      if (o.search !== null && !searched && sent >= o.total / 2) {
        searched = true;
        const box = document.querySelector<HTMLInputElement>('input[aria-label="Search logs"]');
        if (box) {
          // React tracks the value property; set it the way typing does so React sees the change.
          // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the input as `this`
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
          setter?.call(box, o.search);
          box.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
      if (sent >= o.total) return resolve();
      // Keep the schedule: the next batch is due at start + tick * batchMs, however long this one took.
      setTimeout(step, Math.max(0, start + tick * o.batchMs - performance.now()));
    };
    step();
  });
  const elapsedMs = performance.now() - start;
  framing = false;
  // Let the last render and search slices finish before reading the counters.
  await new Promise((r) => setTimeout(r, 1500));
  observer.disconnect();
  const mem = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return {
    lines: session.buffer.length,
    elapsedMs: Math.round(elapsedMs),
    linesPerSecond: Math.round((sent / elapsedMs) * 1000),
    longTasks: tasks.length,
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    longTaskTotalMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
    longestFrameGapMs: Math.round(longestFrameGap),
    heapMb: mem ? Math.round(mem.usedJSHeapSize / 1048576) : null,
    matches: document.querySelector('.log-count')?.textContent ?? '',
    tasks: when,
  };
}

(window as Window & { slipwayBench?: { run: typeof run } }).slipwayBench = { run };
