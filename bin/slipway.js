#!/usr/bin/env node
// Entry for `slipway`: runs the built CLI (npm run build makes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('slipway: out/main/cli.js is missing. Run `npm run build` first (npm run serve does it for you).\n');
  process.exit(1);
}
const { main } = await import(cli);
await main(process.argv.slice(2));
