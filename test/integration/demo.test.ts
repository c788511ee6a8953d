import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEngine } from '../rig/engine-available';
import { runDemo, type Demo } from '../rig/demo';
import { removeInstall } from '../support/cleanup-install';

describeEngine('npm run demo', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-demo-'));
  let demo: Demo | null = null;
  afterAll(async () => {
    await demo?.serve.stop();
    await removeInstall(dataDir);
  });

  it('deploys the test app behind a stable URL, and its curl line deploys the next version', async () => {
    const repository = `${engine.registry}/it-demo-${Date.now().toString(36)}/hello`;
    demo = await runDemo({ dataDir, dockerHost: engine.dockerHost, repository, log: () => undefined });
    expect(demo.text).toContain(`Stable URL:   ${demo.stableUrl}`);
    expect(demo.text).toContain(demo.webhookCurl);
    expect(await (await fetch(demo.stableUrl)).text()).toBe('1.0\n');

    // The printed line, run by a shell as a newcomer would paste it.
    execFileSync('sh', ['-c', `${demo.webhookCurl} -s -o /dev/null -w '%{http_code}' | grep -q 202`]);
    const deadline = Date.now() + 60_000;
    let body = '';
    while (Date.now() < deadline && body !== '1.1\n') {
      body = await fetch(demo.stableUrl).then((r) => r.text(), () => '');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(body).toBe('1.1\n');
  });
});
