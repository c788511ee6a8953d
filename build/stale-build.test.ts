import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsBuild, writeStamp } from './stale-build';

let root = '';
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function project(): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-stale-'));
  fs.mkdirSync(path.join(root, 'main'), { recursive: true });
  fs.writeFileSync(path.join(root, 'main', 'app.ts'), 'x');
  fs.writeFileSync(path.join(root, 'main', 'app.test.ts'), 'x');
  return root;
}

const touch = (file: string, at: number): void => fs.utimesSync(file, at / 1000, at / 1000);

describe('needsBuild', () => {
  it('builds when nothing was built yet', () => {
    expect(needsBuild(project())).toBe(true);
  });

  it('skips the build until a source changes, and ignores tests', () => {
    const r = project();
    const t = Date.now();
    touch(path.join(r, 'main', 'app.ts'), t - 10_000);
    touch(path.join(r, 'main', 'app.test.ts'), t - 10_000);
    fs.mkdirSync(path.join(r, 'out', 'main'), { recursive: true });
    fs.writeFileSync(path.join(r, 'out', 'main', 'cli.js'), '');
    writeStamp(r, t - 5_000);
    expect(needsBuild(r)).toBe(false);
    touch(path.join(r, 'main', 'app.test.ts'), t);
    expect(needsBuild(r)).toBe(false);
    touch(path.join(r, 'main', 'app.ts'), t);
    expect(needsBuild(r)).toBe(true);
  });

  it('builds again when the output is gone', () => {
    const r = project();
    touch(path.join(r, 'main', 'app.ts'), Date.now() - 10_000);
    writeStamp(r, Date.now());
    expect(needsBuild(r)).toBe(true);
  });
});
