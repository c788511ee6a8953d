import { describe, expect, it } from 'vitest';
import { proxyPaths } from './paths';

describe('proxyPaths', () => {
  it('keeps every file in the state dir', () => {
    const p = proxyPaths('/data/slipway/proxy', 'linux', '/tmp');
    expect(p).toEqual({
      stateDir: '/data/slipway/proxy',
      control: '/data/slipway/proxy/proxy.sock',
      pidFile: '/data/slipway/proxy/proxy.pid',
      routesFile: '/data/slipway/proxy/routes.json',
      logFile: '/data/slipway/proxy/proxy.log',
    });
  });

  it('moves the socket to the temp dir when the path would be too long, stably per state dir', () => {
    const deep = `/home/someone/${'very-long-folder-name/'.repeat(6)}proxy`;
    const p = proxyPaths(deep, 'darwin', '/tmp');
    expect(p.control).toMatch(/^\/tmp\/slipway-proxy-[0-9a-f]{16}\.sock$/);
    expect(proxyPaths(deep, 'darwin', '/tmp').control).toBe(p.control);
    expect(proxyPaths(`${deep}2`, 'darwin', '/tmp').control).not.toBe(p.control);
    expect(p.routesFile).toBe(`${deep}/routes.json`);
  });

  it('uses a named pipe on Windows', () => {
    expect(proxyPaths('/data/proxy', 'win32').control).toMatch(/^\\\\\?\\pipe\\slipway-proxy-[0-9a-f]{16}$/);
  });
});
