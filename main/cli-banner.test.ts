import { describe, expect, it } from 'vitest';
import { servingBanner } from './cli-banner';

const base = { version: '1.2.3', uiUrl: 'http://127.0.0.1:4000/?token=t', webhookUrl: 'http://127.0.0.1:4001/api/webhook/s', dataDir: '/d' };

describe('servingBanner', () => {
  it('starts with Slipway and says which engine answers', () => {
    const text = servingBanner({ ...base, engine: { reachable: true, host: 'unix:///tmp/slw/docker.sock', version: '20.10.24', apiVersion: '1.41', error: null, hint: null, checkedAt: 1 } });
    expect(text.split('\n')[0]).toBe('Slipway 1.2.3 is running.');
    expect(text).toContain('engine: Docker 20.10.24 at unix:///tmp/slw/docker.sock ✔');
  });

  it('says what to do when the engine does not answer', () => {
    const text = servingBanner({ ...base, engine: { reachable: false, host: 'unix:///nowhere.sock', version: null, apiVersion: null, error: 'connect ENOENT /nowhere.sock', hint: null, checkedAt: 1 } });
    expect(text).toContain('engine unreachable at unix:///nowhere.sock: start Docker or pass --docker-host URL (connect ENOENT /nowhere.sock)');
    expect(text).not.toContain('✔');
  });
});
