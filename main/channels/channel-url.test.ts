import { describe, expect, it } from 'vitest';
import { ChannelUrlError, parseChannelUrl } from './channel-url';

describe('parseChannelUrl (shoutrrr formats)', () => {
  it('reads Matrix with an access token and rooms; the token is redacted', () => {
    const p = parseChannelUrl('matrix://:syt_secret@matrix.example.org/?rooms=!abc:example.org,%23ops:example.org');
    expect(p.config).toEqual({ kind: 'matrix', base: 'https://matrix.example.org', user: null, password: 'syt_secret', rooms: ['!abc:example.org', '#ops:example.org'] });
    expect(p.redacted).not.toContain('syt_secret');
    expect(parseChannelUrl('matrix://bot:pw@localhost:8008/?rooms=!a:b&disableTLS=yes').config).toMatchObject({ base: 'http://localhost:8008', user: 'bot', password: 'pw' });
  });

  it('reads ntfy with basic auth, a token, a scheme and a priority', () => {
    expect(parseChannelUrl('ntfy://ntfy.sh/alerts').config).toEqual({ kind: 'ntfy', base: 'https://ntfy.sh', topic: 'alerts', user: null, password: null, priority: null });
    const basic = parseChannelUrl('ntfy://phil:s3cret@127.0.0.1:8080/alerts?scheme=http&priority=high');
    expect(basic.config).toEqual({ kind: 'ntfy', base: 'http://127.0.0.1:8080', topic: 'alerts', user: 'phil', password: 's3cret', priority: 4 });
    expect(basic.redacted).toBe('ntfy://phil:***@127.0.0.1:8080/alerts?scheme=http&priority=high');
    expect(parseChannelUrl('ntfy://:tk_abc@host/t').config).toMatchObject({ user: null, password: 'tk_abc' });
  });

  it('reads Gotify with a sub-path; the app token is redacted', () => {
    const p = parseChannelUrl('gotify://example.com:443/path/to/gotify/AzyoeNS.D4iJLVa/?priority=1');
    expect(p.config).toEqual({ kind: 'gotify', base: 'https://example.com:443/path/to/gotify', token: 'AzyoeNS.D4iJLVa', priority: 1 });
    expect(p.redacted).toBe('gotify://example.com:443/path/to/gotify/***?priority=1');
  });

  it('reads Slack in the new and the legacy form, keeping the case of the tokens', () => {
    expect(parseChannelUrl('slack://hook:T0AB-B0CD-XyZsecret@webhook').config).toEqual({ kind: 'slack', path: '/services/T0AB/B0CD/XyZsecret' });
    const legacy = parseChannelUrl('slack://T0AB/B0CD/XyZsecret');
    expect(legacy.config).toEqual({ kind: 'slack', path: '/services/T0AB/B0CD/XyZsecret' });
    expect(legacy.redacted).toBe('slack://hook:T0AB-B0CD-***@webhook');
  });

  it('reads Discord and Telegram without mangling numeric ids', () => {
    const d = parseChannelUrl('discord://tok-en_1@123456789012345678');
    expect(d.config).toEqual({ kind: 'discord', id: '123456789012345678', token: 'tok-en_1' });
    expect(d.redacted).toBe('discord://***@123456789012345678');
    const t = parseChannelUrl('telegram://110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=@mychannel,-1001');
    expect(t.config).toEqual({ kind: 'telegram', token: '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', chats: ['@mychannel', '-1001'] });
    expect(t.redacted).not.toContain('AAHdq');
  });

  it('reads SMTP with auth, encryption and several recipients; the password is redacted', () => {
    const p = parseChannelUrl('smtp://me%40example.org:p%40ss@smtp.example.org:587/?from=slipway@example.org&to=a@x.org,b@x.org&encryption=ExplicitTLS');
    expect(p.config).toEqual({
      kind: 'smtp',
      host: 'smtp.example.org',
      port: 587,
      user: 'me@example.org',
      password: 'p@ss',
      from: 'slipway@example.org',
      fromName: null,
      to: ['a@x.org', 'b@x.org'],
      encryption: 'explicittls',
      ca: null,
      skipTlsVerify: false,
    });
    expect(p.redacted).not.toContain('p%40ss');
    expect(p.redacted).toContain('***');
    expect(parseChannelUrl('smtp://127.0.0.1:2525/?from=a@b&to=c@d&useStartTLS=no').config).toMatchObject({ encryption: 'none', user: null, ca: null, skipTlsVerify: false });
    expect(parseChannelUrl('smtp://h:465/?from=a@b&to=c@d&ca=/etc/ssl/my-ca.pem&skipTLSVerify=yes').config).toMatchObject({ ca: '/etc/ssl/my-ca.pem', skipTlsVerify: true });
    expect(() => parseChannelUrl('smtp://h/?from=a@b&to=c@d&ca=my-ca.pem')).toThrow(/absolute path of a PEM file/);
  });

  it('says what is wrong and shows an example', () => {
    expect(() => parseChannelUrl('https://example.org')).toThrow(/no "https" channel/);
    expect(() => parseChannelUrl('nonsense')).toThrow(ChannelUrlError);
    expect(() => parseChannelUrl('matrix://:t@host/')).toThrow(/rooms=.*looks like matrix:\/\//);
    expect(() => parseChannelUrl('smtp://host/?to=a@b')).toThrow(/\?from=/);
    expect(() => parseChannelUrl('telegram://notatoken@telegram?chats=1')).toThrow(/bot token/);
    expect(() => parseChannelUrl('discord://tok@name')).toThrow(/webhook id/);
    expect(() => parseChannelUrl('ntfy://host/t?priority=9')).toThrow(/priority/);
  });
});
