// Keep-alive clients for bench/deploy.ts, in their own process (as real clients would be):
// GET <url> in a loop over `workers` keep-alive connections; on stdin end, print
// {"requests":n,"failures":[...]} and exit. Run by bench/deploy.ts.
import http from 'node:http';

const url = process.argv[2] ?? '';
const workers = Number(process.argv[3] ?? 4);
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

const loops = Array.from({ length: workers }, async () => {
  while (running) await once();
});
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  running = false;
  void Promise.all(loops).then(() => {
    process.stdout.write(`${JSON.stringify({ requests, failures })}\n`);
    process.exit(0);
  });
});
