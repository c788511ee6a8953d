import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { needsBuild, writeStamp } from './stale-build';

// `npm run serve` runs this first: builds only when a source changed since the last build, quietly,
// so that the first thing printed is Slipway's own banner. The build's output shows only if it fails.
const root = path.resolve(import.meta.dirname, '..');
if (process.argv.includes('--force') || needsBuild(root)) {
  const startedAt = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}${r.stderr}\nslipway: the build failed (above); fix it and run \`npm run serve\` again.\n`);
    process.exit(r.status ?? 1);
  }
  writeStamp(root, startedAt);
}
