"""A real SMTP server speaking real TLS on loopback, for the email channel's encryption tests.

Python's smtpd has no TLS and aiosmtpd is not installed, so this is a small threaded server on the
standard library (socketserver + ssl). --mode starttls: plain greeting, STARTTLS offered in EHLO, and
MAIL refused (530) until the connection is encrypted. --mode implicit: TLS from the first byte (port
465 style). Prints {"port": N} once listening, then per message {"from", "to", "subject", "text",
"tls"} (tls: the protocol version the message travelled over), and {"tlsError": "..."} when a client
gives up the handshake (e.g. it does not trust the certificate).
"""
import argparse
import base64
import email
import email.policy
import json
import socketserver
import ssl
import sys
import threading

args = argparse.ArgumentParser()
args.add_argument('--mode', choices=['starttls', 'implicit'], required=True)
args.add_argument('--cert', required=True)
args.add_argument('--key', required=True)
args.add_argument('--user')
args.add_argument('--password')
opts = args.parse_args()

context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(opts.cert, opts.key)
lock = threading.Lock()


def emit(obj):
    with lock:
        sys.stdout.write(json.dumps(obj) + '\n')
        sys.stdout.flush()


class Session(socketserver.StreamRequestHandler):
    def setup(self):
        self.tls = None
        if opts.mode == 'implicit':
            try:
                self.request = context.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError) as e:
                emit({'tlsError': str(e)})
                self.request = None
                return
            self.tls = self.request.version()
        super().setup()

    def finish(self):
        if self.request is None:
            return
        try:
            super().finish()
        except OSError:
            pass

    def reply(self, line):
        self.wfile.write((line + '\r\n').encode())
        self.wfile.flush()

    def handle(self):
        if self.request is None:
            return
        self.reply('220 localhost ESMTP slipway-test')
        authed = False
        mail_from, rcpt = None, []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            line = raw.decode('utf-8', 'replace').rstrip('\r\n')
            verb, _, arg = line.partition(' ')
            verb = verb.upper()
            if verb in ('EHLO', 'HELO'):
                caps = ['localhost']
                if opts.mode == 'starttls' and self.tls is None:
                    caps.append('STARTTLS')
                if opts.user and self.tls is not None:
                    caps.append('AUTH PLAIN')
                caps.append('8BITMIME')
                for c in caps[:-1]:
                    self.reply('250-' + c)
                self.reply('250 ' + caps[-1])
            elif verb == 'STARTTLS' and opts.mode == 'starttls' and self.tls is None:
                self.reply('220 2.0.0 Ready to start TLS')
                try:
                    self.request = context.wrap_socket(self.request, server_side=True)
                except (ssl.SSLError, OSError) as e:
                    emit({'tlsError': str(e)})
                    return
                self.tls = self.request.version()
                # The conversation starts over on the encrypted stream (RFC 3207).
                self.rfile = self.request.makefile('rb')
                self.wfile = self.request.makefile('wb')
                authed, mail_from, rcpt = False, None, []
            elif verb == 'AUTH':
                parts = arg.split()
                try:
                    _, user, password = base64.b64decode(parts[1]).decode().split('\0')
                except Exception:
                    self.reply('501 5.5.2 only AUTH PLAIN with an initial response')
                    continue
                if user == opts.user and password == opts.password:
                    authed = True
                    self.reply('235 2.7.0 Authentication successful')
                else:
                    self.reply('535 5.7.8 Authentication credentials invalid')
            elif verb == 'MAIL':
                if self.tls is None:
                    self.reply('530 5.7.0 Must issue a STARTTLS command first')
                elif opts.user and not authed:
                    self.reply('530 5.7.0 Authentication required')
                else:
                    mail_from, rcpt = arg.split(':', 1)[1].strip().split()[0].strip('<>'), []
                    self.reply('250 2.1.0 OK')
            elif verb == 'RCPT':
                rcpt.append(arg.split(':', 1)[1].strip().strip('<>'))
                self.reply('250 2.1.5 OK')
            elif verb == 'DATA':
                self.reply('354 End data with <CR><LF>.<CR><LF>')
                data = []
                while True:
                    d = self.rfile.readline(1 << 20)
                    if not d or d in (b'.\r\n', b'.\n'):
                        break
                    data.append(d[1:] if d.startswith(b'..') else d)
                msg = email.message_from_bytes(b''.join(data), policy=email.policy.default)
                body = msg.get_body(preferencelist=('plain',))
                emit({'from': mail_from, 'to': rcpt, 'subject': str(msg['subject']), 'messageId': str(msg['message-id']), 'text': body.get_content() if body is not None else '', 'tls': self.tls})
                self.reply('250 2.0.0 OK queued')
            elif verb == 'RSET':
                mail_from, rcpt = None, []
                self.reply('250 2.0.0 OK')
            elif verb == 'NOOP':
                self.reply('250 2.0.0 OK')
            elif verb == 'QUIT':
                self.reply('221 2.0.0 Bye')
                return
            else:
                self.reply('502 5.5.2 Command not recognized')


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(('127.0.0.1', 0), Session)
emit({'port': server.server_address[1]})
try:
    server.serve_forever(poll_interval=0.2)
except KeyboardInterrupt:
    pass
