"""A real SMTP server on loopback for the channel tests (Python's smtpd, in the standard library up to 3.11).

Prints {"port": N} once listening, then one JSON line per message: {"from", "to", "subject", "messageId",
"text"} (decoded by Python's email package) for an accepted
one, {"refused": true} for one it answered 451 to. Options: --refuse N (temporarily refuse the first N
messages), --user U --password P (require AUTH PLAIN with these).
"""
import argparse
import base64
import email
import email.policy
import json
import sys
import warnings

warnings.filterwarnings('ignore', category=DeprecationWarning)
import asyncore  # noqa: E402
import smtpd  # noqa: E402

args = argparse.ArgumentParser()
args.add_argument('--refuse', type=int, default=0)
args.add_argument('--user')
args.add_argument('--password')
opts = args.parse_args()
state = {'refuse': opts.refuse}


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


class Channel(smtpd.SMTPChannel):
    authed = False

    def smtp_EHLO(self, arg):
        if not arg:
            self.push('501 Syntax: EHLO hostname')
            return
        self._set_rset_state()
        self.seen_greeting = arg
        self.extended_smtp = True
        self.push('250-%s' % self.fqdn)
        if opts.user:
            self.push('250-AUTH PLAIN')
        self.push('250 HELP')

    def smtp_AUTH(self, arg):
        parts = (arg or '').split()
        if len(parts) != 2 or parts[0].upper() != 'PLAIN':
            self.push('504 5.5.4 only AUTH PLAIN with an initial response')
            return
        try:
            _, user, password = base64.b64decode(parts[1]).decode().split('\0')
        except Exception:
            self.push('501 5.5.2 cannot decode')
            return
        if user == opts.user and password == opts.password:
            self.authed = True
            self.push('235 2.7.0 Authentication successful')
        else:
            self.push('535 5.7.8 Authentication credentials invalid')

    def smtp_MAIL(self, arg):
        if opts.user and not self.authed:
            self.push('530 5.7.0 Authentication required')
            return
        super().smtp_MAIL(arg)


class Server(smtpd.SMTPServer):
    channel_class = Channel

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        if state['refuse'] > 0:
            state['refuse'] -= 1
            emit({'refused': True})
            return '451 4.3.0 Try again later'
        msg = email.message_from_bytes(data, policy=email.policy.default)
        body = msg.get_body(preferencelist=('plain',))
        emit({
            'from': mailfrom,
            'to': rcpttos,
            'subject': str(msg['subject']),
            'messageId': str(msg['message-id']),
            'text': body.get_content() if body is not None else '',
        })
        return None


server = Server(('127.0.0.1', 0), None)
emit({'port': server.socket.getsockname()[1]})
try:
    asyncore.loop(timeout=0.2)
except KeyboardInterrupt:
    pass
