// Keep-alive clients for bench/deploy.ts, in their own process (as real clients would be):
// GET <url> in a loop over `workers` keep-alive connections, `rate` requests a second in all
// (0: each worker as fast as it can); on stdin end, print {"requests":n,"failures":[...],"seconds":s}
// and exit. Run by bench/deploy.ts.
import http from 'node:http';

const url = process.argv[2] ?? '';
const workers = Number(process.argv[3] ?? 4);
const rate = Number(process.argv[4] ?? 0);
// Each worker's gap between request starts when paced.
const intervalMs = rate > 0 ? (1000 * workers) / rate : 0;
const startedAt = performance.now();
const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
let running = true;
let requests = 0;
const failures: string[] = [];

function once(): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        requests++;
        if (res.statusCode !== 200) failures.push(`${String(res.statusCode)} ${body.slice(0, 80)}`);
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => {
      requests++;
      failures.push(error.message);
      resolve();
    });
  });
}

const loops = Array.from({ length: workers }, async (_, w) => {
  // Paced workers start staggered, so the requests are spread evenly over time.
  let next = performance.now() + (intervalMs * w) / workers;
  while (running) {
    if (intervalMs > 0) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next = Math.max(next + intervalMs, performance.now() - intervalMs);
    }
    await once();
  }
});
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  running = false;
  void Promise.all(loops).then(() => {
    process.stdout.write(`${JSON.stringify({ requests, failures, seconds: (performance.now() - startedAt) / 1000 })}\n`);
    process.exit(0);
  });
});
