// Log-scan throughput: lines per second through a realistic rule set, and what consume() costs the caller.
// Run: npx tsx bench/logscan.ts [lines]
import type { LogRule } from '../preload/contract';
import { LogScanner } from '../main/logscan/scanner';

const total = Number(process.argv[2] ?? 500_000);
const patterns = ['\\bERROR\\b', 'FATAL|panic:', 'OutOfMemory', 'connection (refused|reset)', 'timeout after \\d+ ?ms', '\\b5\\d\\d\\b.*GET', 'deadlock', 'segfault|SIGSEGV', 'unhandled (promise )?rejection', 'disk (full|quota)'];
const rules: LogRule[] = patterns.map((pattern, i) => ({
  id: i + 1,
  projectId: null,
  overrides: null,
  name: pattern,
  pattern,
  ignoreCase: i % 2 === 0,
  stream: 'any',
  level: 'warn',
  threshold: 5,
  windowSeconds: 60,
  cooldownSeconds: 300,
  enabled: true,
  action: 'none',
  actionMaxPerHour: 3,
  createdAt: 0,
}));

let fired = 0;
const scanner = new LogScanner(() => fired++, () => undefined, { maxQueuedLines: total, maxLineLength: 4096, sliceMs: 8, slowMatchMs: 50 });
scanner.setRules(rules);
const texts = [
  '2026-05-01T12:00:00Z INFO GET /api/items 200 12ms user=42 trace=9f1c2ab7',
  '2026-05-01T12:00:00Z DEBUG cache hit key=projects:list size=1834',
  '2026-05-01T12:00:01Z WARN slow query took 812ms: SELECT * FROM orders WHERE id = ?',
  '2026-05-01T12:00:02Z ERROR upstream connection refused (10.0.0.7:5432)',
];
const batch = 500;
let consumeUs = 0;
const start = performance.now();
for (let i = 0; i < total; i += batch) {
  const lines = Array.from({ length: batch }, (_, j) => ({ projectId: 1 + ((i + j) % 3), stageId: 1, containerId: 'c', stream: 'stdout' as const, ts: i + j, text: texts[(i + j) % texts.length]! }));
  const t0 = performance.now();
  scanner.consume(lines);
  consumeUs += (performance.now() - t0) * 1000;
}
await scanner.idle();
const ms = performance.now() - start;
const stats = scanner.getStats();
process.stdout.write(`${String(total)} lines, ${String(rules.length)} rules (3 projects)\n`);
process.stdout.write(`scanned ${String(stats.linesScanned)} in ${ms.toFixed(0)} ms = ${((stats.linesScanned / ms) * 1000).toFixed(0)} lines/s, fired ${String(fired)}, dropped ${String(stats.linesDropped)}\n`);
process.stdout.write(`consume() per ${String(batch)}-line batch: ${(consumeUs / (total / batch)).toFixed(1)} µs average (the caller's cost)\n`);
