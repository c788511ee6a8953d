// A bare Node static file server for bench/static.ts (its own process, like Slipway's proxy):
// stat, content type, stream. No validators, ranges or path checks. Prints its port.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import mime from 'mime-types';

const root = process.argv[2] ?? '.';
const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
  fs.stat(file, (err, st) => {
    if (!err && st.isDirectory()) file = path.join(file, 'index.html');
    fs.stat(file, (err2, st2) => {
      if (err2 || !st2.isFile()) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': mime.contentType(path.extname(file)) || 'application/octet-stream', 'content-length': st2.size });
      fs.createReadStream(file).pipe(res);
    });
  });
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${String((server.address() as AddressInfo).port)}\n`));
