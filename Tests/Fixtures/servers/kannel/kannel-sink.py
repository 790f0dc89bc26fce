#!/usr/bin/env python3
"""The capturing fake SMSC behind the real Kannel of mail2sms's end-to-end tests.

Kannel's `smsc = http` with `system-type = kannel` hands every SMS part to its `send-url` as one GET
(gw/smsc/smsc_http.c, kannel_send_sms). Observed from Kannel 1.4.5 (Debian 1.4.5-12), in this order:

    GET /sendsms?username=U&password=P&to=N&text=T[&udh=H]&from=S&coding=C&charset=CS&dlr-url=

* username, password: the SMSC's `smsc-username` / `smsc-password`.
* to: the receiver as smsbox decoded it: `+48…` if the client wrote %2B, `48…` if it wrote a bare `+`
  (a blank, dropped).
* text: the part's octets, percent-encoded, a blank as `+`. coding=0 (GSM 7-bit) comes with
  charset=UTF-8 and the text in UTF-8; coding=2 (UCS-2) comes with charset=UTF-16BE and the text as
  UTF-16BE octets. UCS-2 is split by octets, so a surrogate pair can straddle two parts: join the octets
  before decoding.
* udh: only on concatenated parts, the raw user data header, percent-encoded: `05 00 03 RR NN SS`
  (IEI 0 with an 8-bit reference RR, NN parts, SS the sequence from 1). GSM parts hold 153 septets,
  UCS-2 parts 134 octets. Parts reach the SMSC out of order (2 before 1 was seen), and the parts of
  messages sent together interleave.
* from: the smsbox's `global-sender` unless the client gave one. dlr-url: empty.

Kannel counts a part as sent only for 200 or 202 with the body `Sent.`, `Ok.`, `0: Accepted for delivery`
or `Result: OK…` (kannel_parse_reply); anything else is `FAILED Send SMS` in bearerbox-access.log and the
part is dropped, not retried.

Listens on 127.0.0.1 (an ephemeral port, written to DIR/sink.port once it listens) and appends one JSON
line per request to DIR/sink.jsonl: method, path, the raw query, the parameters in order (values decoded
as UTF-8, with replacement characters), and to, from, coding, charset, text (decoded by charset),
text_hex, udh_hex and the status replied. It answers `202 Sent.` unless DIR/sink.control holds
`STATUS BODY` (e.g. `500 Boom`), read on every request. Python standard library only; stops on SIGTERM.
"""
import argparse
import json
import os
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def octets(query):
    """The query's parameters as (name, value bytes), without guessing an encoding."""
    return [(name, value.encode("latin-1"))
            for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True, encoding="latin-1")]


def decode_text(data, charset):
    try:
        return data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True, help="where sink.port, sink.jsonl and sink.control live")
    args = parser.parse_args()
    record = os.path.join(args.dir, "sink.jsonl")
    control = os.path.join(args.dir, "sink.control")
    lock = threading.Lock()

    def answer():
        try:
            with open(control, encoding="utf-8") as f:
                status, _, body = f.read().strip().partition(" ")
            return int(status), body
        except (FileNotFoundError, ValueError):
            return 202, "Sent."

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            path, _, query = self.path.partition("?")
            params = octets(query)
            first = {}
            for name, value in params:
                first.setdefault(name, value)
            coding = first.get("coding")
            charset = first.get("charset", b"").decode("ascii", "replace") or None
            status, body = answer()
            entry = {
                "method": self.command,
                "path": path,
                "query": query,
                "params": [[name, value.decode("utf-8", "replace")] for name, value in params],
                "to": first.get("to", b"").decode("utf-8", "replace"),
                "from": first.get("from", b"").decode("utf-8", "replace"),
                "coding": int(coding) if coding and coding.isdigit() else None,
                "charset": charset,
                "text": decode_text(first.get("text", b""), charset),
                "text_hex": first.get("text", b"").hex(),
                "udh_hex": first["udh"].hex() if "udh" in first else None,
                "replied": status,
            }
            with lock, open(record, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            reply = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_GET = do_POST = handle_any

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A parent started from a dispatch thread (swift test) hands down a mask that blocks SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port_file = os.path.join(args.dir, "sink.port")
    with open(port_file + ".tmp", "w") as f:
        f.write(f"{server.server_address[1]}\n")
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
