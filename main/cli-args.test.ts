import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './cli-args';

describe('parseCli', () => {
  it('defaults serve to loopback and any free port', () => {
    expect(parseCli(['serve'])).toEqual({ command: 'serve', dataDir: undefined, host: '127.0.0.1', port: 0, webhookPort: undefined });
  });
  it('reads every serve flag', () => {
    expect(parseCli(['serve', '--data-dir', '/tmp/x', '--host', '127.0.0.2', '--port', '8080', '--webhook-port', '0'])).toEqual({
      command: 'serve', dataDir: '/tmp/x', host: '127.0.0.2', port: 8080, webhookPort: 0,
    });
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
