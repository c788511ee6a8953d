import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './cli-args';

describe('parseCli', () => {
  it('defaults serve to loopback and any free port', () => {
    expect(parseCli(['serve'])).toEqual({ command: 'serve', dataDir: undefined, host: '127.0.0.1', port: 0, webhookPort: undefined, dockerHost: undefined });
  });
  it('reads every serve flag', () => {
    expect(parseCli(['serve', '--data-dir', '/tmp/x', '--host', '127.0.0.2', '--port', '8080', '--webhook-port', '0'])).toEqual({
      command: 'serve', dataDir: '/tmp/x', host: '127.0.0.2', port: 8080, webhookPort: 0, dockerHost: undefined,
    });
  });
  it('reads --docker-host and refuses an endpoint it cannot use', () => {
    expect(parseCli(['serve', '--docker-host', 'tcp://10.0.0.5:2375'])).toMatchObject({ dockerHost: 'tcp://10.0.0.5:2375' });
    expect(parseCli(['serve', '--docker-host', 'unix:///tmp/slw/docker.sock'])).toMatchObject({ dockerHost: 'unix:///tmp/slw/docker.sock' });
    expect(() => parseCli(['serve', '--docker-host', 'ftp://x'])).toThrow(/--docker-host: .*not understood/);
    expect(() => parseCli(['serve', '--docker-host', 'docker.sock'])).toThrow(/--docker-host: .*not a URL/);
    expect(() => parseCli(['serve', '--docker-host'])).toThrow(UsageError);
  });
  it('refuses bad ports and unknown flags with a usage error', () => {
    expect(() => parseCli(['serve', '--port', '99999'])).toThrow(UsageError);
    expect(() => parseCli(['serve', '--port', 'abc'])).toThrow(/--port must be a port number/);
    expect(() => parseCli(['serve', '--colour'])).toThrow(UsageError);
    expect(() => parseCli(['launch'])).toThrow(/Unknown command "launch"/);
  });
  it('passes proxy arguments through', () => {
    expect(parseCli(['proxy', '--state-dir', '/s'])).toEqual({ command: 'proxy', argv: ['--state-dir', '/s'] });
  });
});
