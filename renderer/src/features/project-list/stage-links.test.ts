import { describe, expect, it } from 'vitest';
import { serviceTone, stageUrls, urlNote } from './stage-links';

describe('stage links', () => {
  it('falls back to the one stable URL when the stage lists none', () => {
    expect(stageUrls({ url: 'http://127.0.0.1:8081/', publicPort: 8081 })).toEqual([{ url: 'http://127.0.0.1:8081/', service: null, containerPort: null, publicPort: 8081, primary: true }]);
    expect(stageUrls({ url: 'http://127.0.0.1:8081/', publicPort: 8081, urls: [] })).toHaveLength(1);
  });

  it('lists every URL, the primary first, each saying what it leads to', () => {
    const urls = stageUrls({
      url: 'http://127.0.0.1:8081/',
      publicPort: 8081,
      urls: [
        { url: 'http://127.0.0.1:8082/', service: 'admin', containerPort: 9000, publicPort: 8082, primary: false },
        { url: 'http://127.0.0.1:8081/', service: 'web', containerPort: 8080, publicPort: 8081, primary: true },
      ],
    });
    expect(urls.map(urlNote)).toEqual(['web :8080 primary', 'admin :9000']);
  });

  it('colours a service by its container state', () => {
    expect(['running', 'exited', 'missing', 'restarting'].map(serviceTone)).toEqual(['ok', 'bad', 'bad', 'busy']);
  });
});
