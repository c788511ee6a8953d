import { describe, expect, it } from 'vitest';
import { downstreamResponseHeaders, hasRequestBody, upstreamRequestHeaders } from './forwarded-headers';

const ctx = { remoteAddress: '127.0.0.1', publicPort: 8080, upgrade: false };

describe('upstreamRequestHeaders', () => {
  it('keeps Host and end-to-end headers, drops hop-by-hop ones and those named in Connection', () => {
    const out = upstreamRequestHeaders(
      {
        host: 'localhost:8080',
        accept: 'text/html',
        cookie: 'a=1',
        connection: 'keep-alive, x-secret-hop',
        'keep-alive': 'timeout=5',
        'x-secret-hop': '1',
        'transfer-encoding': 'chunked',
        'proxy-authorization': 'Basic x',
        te: 'trailers',
        expect: '100-continue',
        upgrade: 'websocket',
      },
      ctx,
    );
    expect(out).toEqual({
      host: 'localhost:8080',
      accept: 'text/html',
      cookie: 'a=1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'localhost:8080',
      'x-forwarded-port': '8080',
    });
  });

  it('appends to an existing X-Forwarded-For and keeps values a local front proxy set', () => {
    const out = upstreamRequestHeaders(
      { host: 'app.test', 'x-forwarded-for': '10.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example', 'x-forwarded-port': '443' },
      ctx,
    );
    expect(out['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
    expect(out['x-forwarded-proto']).toBe('https');
    expect(out['x-forwarded-host']).toBe('app.example');
    expect(out['x-forwarded-port']).toBe('443');
  });

  it('passes Connection: upgrade and Upgrade through for an upgrade request', () => {
    const out = upstreamRequestHeaders({ host: 'h', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' }, { ...ctx, upgrade: true });
    expect(out.connection).toBe('upgrade');
    expect(out.upgrade).toBe('websocket');
    expect(out['sec-websocket-key']).toBe('k');
  });
});

describe('downstreamResponseHeaders', () => {
  it('keeps order, case and repeated Set-Cookie; drops framing and connection headers', () => {
    const raw = ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Connection', 'keep-alive, X-Hop', 'X-Hop', 'x', 'Keep-Alive', 'timeout=5', 'Transfer-Encoding', 'chunked', 'Content-Length', '5'];
    expect(downstreamResponseHeaders(raw)).toEqual(['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', '5']);
  });

  it('keeps Upgrade and Connection for a 101 answer', () => {
    const raw = ['Upgrade', 'websocket', 'Connection', 'Upgrade', 'Sec-WebSocket-Accept', 'abc'];
    expect(downstreamResponseHeaders(raw, true)).toEqual(raw);
  });
});

describe('hasRequestBody', () => {
  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '12' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
  ])('%j → %s', (headers, expected) => {
    expect(hasRequestBody(headers)).toBe(expected);
  });
});
