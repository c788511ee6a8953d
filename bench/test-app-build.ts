// Measures the rig's test-app fixture: root filesystem tar, docker import, push to the loopback registry.
// Run: npx tsx bench/test-app-build.ts [rounds]
import { rmSync } from 'node:fs';
import { removeLocalImages } from '../test/rig/containers';
import { ensureEngine } from '../test/rig/engine';
import { buildTestApp, rigDocker, rootfsTar } from '../test/rig/fixtures';
import { rigPaths } from '../test/rig/paths';

const rounds = Number(process.argv[2] ?? 10);

async function time<T>(fn: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function summary(label: string, ms: readonly number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return `${label.padEnd(44)} n=${String(ms.length).padStart(3)}  median ${median.toFixed(0).padStart(5)} ms  min ${(sorted[0] ?? NaN).toFixed(0).padStart(5)} ms  max ${(sorted.at(-1) ?? NaN).toFixed(0).padStart(5)} ms`;
}

const rig = await ensureEngine();
process.env['DOCKER_HOST'] = rig.dockerHost;
const docker = rigDocker();
const run = `bench-${Date.now().toString(36)}`;

rmSync(rigPaths.fixtureCache, { recursive: true, force: true });
const tarCold = await time(() => rootfsTar());
const tarWarm = await time(() => rootfsTar());
console.log(summary('rootfs tar, built (no cache)', [tarCold]));
console.log(summary('rootfs tar, cached', [tarWarm]));

const firstPush: number[] = [];
const nextVersion: number[] = [];
const rebuildSameTag: number[] = [];
const buildOnly: number[] = [];
for (let i = 0; i < rounds; i++) {
  const repository = `localhost:5000/${run}/app${i}`;
  firstPush.push(await time(() => buildTestApp({ repository, tag: '1.0' })));
  nextVersion.push(await time(() => buildTestApp({ repository, tag: '2.0', health: 'fail', healthcheck: true })));
  rebuildSameTag.push(await time(() => buildTestApp({ repository, tag: '1.0' })));
  buildOnly.push(await time(() => buildTestApp({ repository, tag: '3.0', push: false })));
}
console.log(summary('build + push, new repository', firstPush));
console.log(summary('build + push, next version same repository', nextVersion));
console.log(summary('build + push, same tag again (new digest)', rebuildSameTag));
console.log(summary('build only (push: false)', buildOnly));

// Leave the daemon tidy: drop the local images this run made (the registry keeps its copies).
for (let i = 0; i < rounds; i++) await removeLocalImages(docker, `localhost:5000/${run}/app${i}`);
