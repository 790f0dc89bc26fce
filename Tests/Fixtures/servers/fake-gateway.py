#!/usr/bin/env python3
"""A stand-in HTTP SMS gateway for mail2sms's end-to-end tests.

Listens on 127.0.0.1 (an ephemeral port, printed as the first line on stdout), records every request as
one JSON line in --record (method, path, raw query, decoded parameters in order, headers, body) as soon as
it has arrived, waits --delay seconds (a slow gateway: the request is recorded, the answer is not there
yet), and answers each with --status and --body; or, with --answers, the requests in turn with the answers
of a JSON list, the last one repeated: {"status": 429, "body": "…", "headers": {"Retry-After": "1"},
"retry_after_date_in": 10} (the last: a Retry-After HTTP-date that many seconds after the answer). With
--tls CERT KEY it speaks HTTPS with that certificate (PEM) and, with --client-ca CA too, asks for a client
certificate signed by CA and refuses the handshake without one. Python standard library only; stops on
SIGTERM.
"""
import email.utils
import argparse
import json
import signal
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--status", type=int, default=202)
    parser.add_argument("--body", default="0: Accepted for delivery")
    parser.add_argument("--record", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--answers", default=None)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), default=None)
    parser.add_argument("--client-ca", default=None)
    args = parser.parse_args()
    answers = json.loads(args.answers) if args.answers else [{"status": args.status, "body": args.body}]
    answered = [0]

    record_lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            entry = {
                "method": self.command,
                "path": path,
                "query": query,
                "params": urllib.parse.parse_qsl(query, keep_blank_values=True),
                "headers": dict(self.headers.items()),
                "body": body.decode("utf-8", "replace"),
            }
            with record_lock, open(args.record, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
                answer = answers[min(answered[0], len(answers) - 1)]
                answered[0] += 1
            if args.delay > 0:
                time.sleep(args.delay)
            reply = answer.get("body", args.body).encode()
            headers = dict(answer.get("headers", {}))
            if "retry_after_date_in" in answer:
                headers["Retry-After"] = email.utils.formatdate(time.time() + answer["retry_after_date_in"], usegmt=True)
            try:
                self.send_response(answer["status"])
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout, a kill): what the tests are about

        do_GET = do_POST = handle_any

        def log_message(self, *_):
            pass

    ThreadingHTTPServer.request_queue_size = 128
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
        # The handshake happens in accept; one that fails raises an OSError there, which socketserver drops.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=True)
    # A parent started from a dispatch thread (swift test) hands down a mask that blocks SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
