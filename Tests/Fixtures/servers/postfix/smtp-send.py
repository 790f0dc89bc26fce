#!/usr/bin/env python3
"""Hands the message on stdin to smtpd on 127.0.0.1:PORT as an SMTP client at CLIENT would.

usage: smtp-send.py PORT CLIENT SENDER RECIPIENT...

XCLIENT ADDR=CLIENT first (the test instance authorizes 127.0.0.1 for it), so that Postfix's
${client_address} is CLIENT, as for a mail from a real ISE node (or an outsider); then MAIL FROM:<SENDER>
and one RCPT TO per recipient. Exits 0 when every recipient and the data were accepted, else prints the
server's reply on stderr and exits 1. Python standard library only.
"""
import smtplib
import sys


def main():
    port, client, sender, *recipients = sys.argv[1:]
    data = sys.stdin.buffer.read()
    try:
        with smtplib.SMTP("127.0.0.1", int(port), timeout=20) as smtp:
            smtp.ehlo("ise.example.com")
            code, reply = smtp.docmd("XCLIENT", f"ADDR={client}")
            if code != 220:
                print(f"XCLIENT: {code} {reply.decode(errors='replace')}", file=sys.stderr)
                return 1
            smtp.ehlo("ise.example.com")
            refused = smtp.sendmail(sender, recipients, data)
            if refused:
                print(f"refused: {refused}", file=sys.stderr)
                return 1
    except smtplib.SMTPException as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
