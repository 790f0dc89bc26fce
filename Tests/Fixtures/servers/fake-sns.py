#!/usr/bin/env python3
"""A stand-in for AWS SNS's Query API for mail2sms's end-to-end tests.

Listens on 127.0.0.1 (an ephemeral port, printed as the first line on stdout) and checks each request's
Signature Version 4 as AWS does, recomputing it from the request with --secret-key: a wrong one (or a
wrong access key, region, or a time more than 5 minutes off) gets AWS's 403 `SignatureDoesNotMatch`
error; a right one gets --status and --body (by default a `PublishResponse`). Records every request as
one JSON line in --record (method, path, raw query, decoded parameters, headers, body, and whether its
signature was valid). Python standard library only; stops on SIGTERM.
"""
import argparse
import calendar
import hashlib
import hmac
import json
import re
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PUBLISHED = """<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult>
    <MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId>
  </PublishResult>
  <ResponseMetadata>
    <RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId>
  </ResponseMetadata>
</PublishResponse>
"""

ERROR = """<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <Error>
    <Type>Sender</Type>
    <Code>{code}</Code>
    <Message>{message}</Message>
  </Error>
  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
</ErrorResponse>
"""

# AWS refuses a signature made more than this many seconds from its own clock.
MAXIMUM_SKEW_SECONDS = 300


def encode(value):
    return urllib.parse.quote(value, safe="-_.~")


def canonical_query(query):
    pairs = []
    for part in query.split("&") if query else []:
        name, _, value = part.partition("=")
        pairs.append((encode(urllib.parse.unquote(name)), encode(urllib.parse.unquote(value))))
    return "&".join(f"{n}={v}" for n, v in sorted(pairs))


def hmac_sha256(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signature_problem(command, path, query, headers, body, access_key, secret_key, region):
    """None when the request is signed as AWS requires, else why not."""
    auth = headers.get("Authorization", "")
    match = re.fullmatch(
        r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
        r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", auth)
    if not match:
        return "malformed Authorization"
    key_id, date, scope_region, service, signed_headers, signature = match.groups()
    amz_date = headers.get("X-Amz-Date", "")
    if key_id != access_key or scope_region != region or service != "sns" or not amz_date.startswith(date):
        return "wrong credential scope"
    names = signed_headers.split(";")
    if "host" not in names or "x-amz-date" not in names:
        return "host and x-amz-date must be signed"
    when = calendar.timegm(time.strptime(amz_date, "%Y%m%dT%H%M%SZ"))
    if abs(when - time.time()) > MAXIMUM_SKEW_SECONDS:
        return "signature expired"
    lines = []
    for name in names:
        values = [" ".join(v.split()) for k, v in headers.items() if k.lower() == name]
        lines.append(f"{name}:{','.join(values)}\n")
    canonical = "\n".join([command, urllib.parse.quote(urllib.parse.unquote(path), safe="/-_.~"),
                           canonical_query(query), "".join(lines), signed_headers,
                           hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{region}/sns/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode()
    for part in (date, region, "sns", "aws4_request"):
        key = hmac_sha256(key, part)
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(expected, signature) else "signature differs"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--status", type=int, default=200)
    parser.add_argument("--body", default=PUBLISHED)
    parser.add_argument("--record", required=True)
    args = parser.parse_args()

    record_lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            headers = dict(self.headers.items())
            problem = signature_problem(self.command, path, query, headers, body, args.access_key,
                                        args.secret_key, args.region)
            entry = {
                "method": self.command, "path": path, "query": query,
                "params": urllib.parse.parse_qsl(query, keep_blank_values=True),
                "headers": headers, "body": body.decode("utf-8", "replace"),
                "signatureProblem": problem,
            }
            with record_lock, open(args.record, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")
            if problem:
                status, reply = 403, ERROR.format(
                    code="SignatureDoesNotMatch",
                    message="The request signature we calculated does not match the signature you provided.")
            else:
                status, reply = args.status, args.body
            data = reply.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_):
            pass

    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
