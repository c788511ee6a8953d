import { describe, expect, it } from 'vitest';
import { queryTokenAllowed } from './auth';

describe('queryTokenAllowed', () => {
  it('allows ?token= on the event stream and on downloads only', () => {
    expect(queryTokenAllowed('GET', '/api/stream')).toBe(true);
    expect(queryTokenAllowed('GET', '/api/raw/volumes/file')).toBe(true);
    expect(queryTokenAllowed('GET', '/api/raw/logs')).toBe(true);
  });

  it('refuses it on calls, uploads and everything else', () => {
    expect(queryTokenAllowed('POST', '/api/system.status')).toBe(false);
    expect(queryTokenAllowed('PUT', '/api/raw/volumes/file')).toBe(false);
    expect(queryTokenAllowed('GET', '/api/system.status')).toBe(false);
    expect(queryTokenAllowed('POST', '/api/stream')).toBe(false);
    expect(queryTokenAllowed('GET', '/api/streamx')).toBe(false);
  });
});
