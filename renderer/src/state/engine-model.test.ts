import { describe, expect, it } from 'vitest';
import { engineLabel, pollingLabel, shortVersion } from './engine-model';

const base = { host: 'unix:///tmp/slw/docker.sock', apiVersion: '1.41', error: null, hint: null, checkedAt: 5 };

describe('engineLabel', () => {
  it('names the version when reachable', () => {
    expect(engineLabel({ ...base, reachable: true, version: '20.10.24+dfsg1' })).toEqual({ text: 'Docker 20.10', tone: 'ok' });
  });
  it('says unreachable when the engine does not answer', () => {
    expect(engineLabel({ ...base, reachable: false, version: null, error: 'ECONNREFUSED' })).toEqual({ text: 'unreachable', tone: 'bad' });
  });
  it('says checking before the first probe', () => {
    expect(engineLabel(null).tone).toBe('off');
    expect(engineLabel({ ...base, reachable: false, version: null, checkedAt: 0 }).text).toBe('checking…');
  });
});

describe('shortVersion', () => {
  it('keeps major.minor or the raw string', () => {
    expect(shortVersion('27.3.1')).toBe('27.3');
    expect(shortVersion('dev')).toBe('dev');
    expect(shortVersion(null)).toBe('');
  });
});

describe('pollingLabel', () => {
  it('reflects pause', () => {
    expect(pollingLabel(true)).toEqual({ text: 'polling paused', tone: 'off' });
    expect(pollingLabel(false).tone).toBe('ok');
  });
});
