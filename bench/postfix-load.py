#!/usr/bin/python3
"""Drives bench/postfix-kannel.sh's Postfix: sends ISE notifications over SMTP to three transports and times
their delivery, mail by mail.

    postfix-load.py --smtp PORT --log POSTFIX_LOG --sink SINK_JSONL --out LOAD_JSON
                    --count N --rounds R --single S --warmup W --connections C

Transports: baseline.test (pipe(8) to `dd of=/dev/null`: what Postfix costs by itself), seed.test (pipe(8) to
maildrop with the seed's filter, whose xfilter runs wget to Kannel) and sms.test (pipe(8) to mail2sms, on to
Kannel). Every mail is Tests/Fixtures/messages/ise-guest-plain.eml with a number, password and Message-ID of
its own (the guard allows 5 SMS an hour to one number; the journal's key holds the Message-ID), so that an
SMS at the SMSC tells which mail it came from and a number seen twice is a duplicate.

1. Warm-up: W mails to each transport, untimed.
2. One at a time: S mails to each, the transports taking turns (their order rotated every turn), each mail
   sent only once the one before is delivered (for seed.test and sms.test: its SMS reached the SMSC): the
   latency of a mail on an idle system.
3. Load: R rounds; in each, N mails to every transport in turn (their order rotated from round to round),
   over C SMTP sessions at once: throughput.

For every mail: the time of the 250 after DATA (its queue ID taken from that reply), Postfix's `delay=` and
`delays=a/b/c/d` from its `status=sent` line (delay_logging_resolution_limit raised by the caller), when
that line was seen, how often Postfix deferred it before (`status=deferred`: the command exited 75, and
Postfix runs it again later), and, for seed.test and sms.test, when its SMS was first seen at the SMSC (files
polled every 2 ms). A batch is done when Postfix has logged every mail's `status=sent` and the SMSC holds
every SMS. At the end, once the SMSC has been quiet for a second, every SMS it received is counted by number:
a number seen more than once is a duplicate (a part of a concatenated SMS counts once, by its first part).
"""
import argparse
import json
import os
import re
import smtplib
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

SENDER = "sponsor@e2e.test"
POLL = 0.002
TIMEOUT = 300
LOG_LINE = re.compile(r"postfix/pipe\[\d+\]: ([0-9A-F]+): to=<[^>]*>, relay=(\w+), delay=([\d.]+), "
                      r"delays=([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+), dsn=[\d.]+, status=(\w+)")
QUEUED = re.compile(r"queued as ([0-9A-F]+)")
DOMAINS = {"baseline": "baseline.test", "seed": "seed.test", "sms": "sms.test"}
# The transports whose mails end as an SMS at Kannel's SMSC.
SENDING = ("seed", "sms")
# How long the SMSC must stay quiet before the duplicates are counted, and for at most how long to wait.
SETTLE, SETTLE_LIMIT = 1.0, 30


class Tail:
    """New complete lines of a growing file."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path) if os.path.exists(path) else 0
        self.partial = b""

    def lines(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        self.offset += len(data)
        *complete, self.partial = (self.partial + data).split(b"\n")
        return [line.decode("utf-8", "replace") for line in complete]


class Mail:
    serial = 0

    def __init__(self, transport):
        Mail.serial += 1
        self.transport = transport
        self.number = f"48600{Mail.serial:06d}"
        path = f"/tmp/mail2sms-bench-message-{os.getpid()}.eml"
        gen.ise(path, self.number, f"pw{Mail.serial:06d}", f"{uuid.uuid4()}@ise.example.com")
        with open(path, "rb") as f:
            self.data = f.read()
        os.unlink(path)
        self.queue_id = None
        self.accepted = self.logged = self.at_smsc = None
        self.delay = self.delays = None
        self.deferrals = 0

    def send(self, smtp):
        smtp.mail(SENDER)
        code, reply = smtp.rcpt(f"sms@{DOMAINS[self.transport]}")
        if code != 250:
            raise RuntimeError(f"RCPT refused: {code} {reply!r}")
        code, reply = smtp.data(self.data)
        self.accepted = time.monotonic()
        found = QUEUED.search(reply.decode(errors="replace"))
        if code != 250 or not found:
            raise RuntimeError(f"DATA refused: {code} {reply!r}")
        self.queue_id = found.group(1)

    def done(self):
        return self.logged is not None and (self.transport not in SENDING or self.at_smsc is not None)

    def record(self):
        entry = {"transport": self.transport, "number": self.number, "delay": self.delay, "delays": self.delays,
                 "to_logged": self.logged - self.accepted, "deferrals": self.deferrals}
        if self.at_smsc is not None:
            entry["to_smsc"] = self.at_smsc - self.accepted
        return entry


class Watcher:
    """Matches Postfix's delivery lines (by queue ID) and the SMSC's SMS (by number) to the mails sent."""

    def __init__(self, log, sink):
        self.log, self.sink = Tail(log), Tail(sink)
        self.by_queue_id, self.by_number = {}, {}
        self.early_log, self.early_sink = {}, {}
        self.sms_seen = {}          # number: SMS (first parts) the SMSC received for it
        self.last_sms = time.monotonic()
        self.lock = threading.Lock()

    def track(self, mail):
        with self.lock:
            self.by_number[mail.number] = mail
            if mail.queue_id:
                self.by_queue_id[mail.queue_id] = mail
                for now, fields in self.early_log.pop(mail.queue_id, []):
                    self.apply_log(mail, now, fields)
            if mail.number in self.early_sink:
                mail.at_smsc = self.early_sink.pop(mail.number)

    @staticmethod
    def apply_log(mail, now, fields):
        relay, delay, a, b, c, d, status = fields
        if status == "deferred":    # the command exited 75: Postfix runs it again after the backoff
            mail.deferrals += 1
            return
        if status != "sent":
            sys.exit(f"postfix-load.py: mail {mail.queue_id} via {relay}: status={status} (see the Postfix log)")
        mail.logged, mail.delay, mail.delays = now, float(delay), [float(a), float(b), float(c), float(d)]

    def poll(self):
        now = time.monotonic()
        with self.lock:
            for line in self.log.lines():
                m = LOG_LINE.search(line)
                if not m:
                    continue
                mail = self.by_queue_id.get(m.group(1))
                if mail:
                    self.apply_log(mail, now, m.groups()[1:])
                else:  # logged before its sender took the queue ID from the 250
                    self.early_log.setdefault(m.group(1), []).append((now, m.groups()[1:]))
            for line in self.sink.lines():
                sms = json.loads(line)
                number = sms["to"].strip().lstrip("+")
                udh = bytes.fromhex(sms.get("udh_hex") or "")
                if len(udh) >= 6 and udh[1] == 0 and udh[5] != 1:
                    continue    # a later part of a concatenated SMS: its first part counts
                self.sms_seen[number] = self.sms_seen.get(number, 0) + 1
                self.last_sms = now
                mail = self.by_number.get(number)
                if mail is None:
                    self.early_sink[number] = now
                elif mail.at_smsc is None:
                    mail.at_smsc = now

    def start(self):
        """Polls in a thread of its own, so that times are taken while mails are still being sent."""
        self.running = True

        def loop():
            while self.running:
                self.poll()
                time.sleep(POLL)

        self.thread = threading.Thread(target=loop, daemon=True)
        self.thread.start()

    def stop(self):
        self.running = False
        self.thread.join()

    def settle(self):
        """Waits until the SMSC has received nothing for SETTLE seconds: a duplicate can come after the batch."""
        started = time.monotonic()
        while time.monotonic() - started < SETTLE_LIMIT:
            with self.lock:
                if time.monotonic() - self.last_sms >= SETTLE:
                    return
            time.sleep(POLL)

    def duplicates(self, mails):
        """Per sending transport: mails, SMS received for them, and the numbers the SMSC received more than once."""
        result = {}
        with self.lock:
            for transport in SENDING:
                numbers = [m.number for m in mails if m.transport == transport]
                twice = {n: self.sms_seen[n] for n in numbers if self.sms_seen.get(n, 0) > 1}
                result[transport] = {"mails": len(numbers), "sms": sum(self.sms_seen.get(n, 0) for n in numbers),
                                     "duplicated_numbers": twice,
                                     "duplicates": sum(count - 1 for count in twice.values()),
                                     "deferrals": sum(m.deferrals for m in mails if m.transport == transport)}
        return result

    def wait(self, mails, started):
        while True:
            with self.lock:
                if all(mail.done() for mail in mails):
                    return
            if time.monotonic() - started > TIMEOUT:
                left = sum(1 for mail in mails if not mail.done())
                sys.exit(f"postfix-load.py: {left} of {len(mails)} mails not delivered after {TIMEOUT} s")
            time.sleep(POLL)


def send(port, mails, connections, watcher):
    failures = []

    def worker(share):
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
                for mail in share:
                    mail.send(smtp)
                    watcher.track(mail)
        except Exception as error:  # reported once every thread has ended
            failures.append(repr(error))

    threads = [threading.Thread(target=worker, args=(mails[i::connections],)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"postfix-load.py: SMTP: {failures[0]}")


def one_at_a_time(args, watcher, transport, count, smtp):
    mails = []
    for _ in range(count):
        mail = Mail(transport)
        mail.send(smtp)
        watcher.track(mail)
        watcher.wait([mail], mail.accepted)
        mails.append(mail)
    return mails


def batch(args, watcher, transport, count):
    mails = [Mail(transport) for _ in range(count)]
    started = time.monotonic()
    send(args.smtp, mails, args.connections, watcher)
    injected = time.monotonic()
    watcher.wait(mails, started)
    logged = max(mail.logged for mail in mails)
    result = {"transport": transport, "messages": count, "injected": injected - started,
              "to_last_logged": logged - started, "mails": [mail.record() for mail in mails]}
    if transport in SENDING:
        result["to_last_at_smsc"] = max(mail.at_smsc for mail in mails) - started
    return result, mails


def rotated(items, turn):
    """items in the order of turn (0, 1, …): each item leads one turn in len(items)."""
    items = list(items)
    shift = turn % len(items)
    return items[shift:] + items[:shift]


def main():
    parser = argparse.ArgumentParser()
    for name in ("smtp", "count", "rounds", "single", "warmup", "connections"):
        parser.add_argument(f"--{name}", type=int, required=True)
    for name in ("log", "sink", "out"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    watcher = Watcher(args.log, args.sink)
    watcher.start()
    every = []

    for transport in DOMAINS:
        if args.warmup:
            every += batch(args, watcher, transport, args.warmup)[1]
    single = {transport: [] for transport in DOMAINS}
    with smtplib.SMTP("127.0.0.1", args.smtp, timeout=60) as smtp:
        for turn in range(args.single):
            for transport in rotated(DOMAINS, turn):
                single[transport] += one_at_a_time(args, watcher, transport, 1, smtp)
    for mails in single.values():
        every += mails
    print(f"one at a time: {args.single} mails to each transport", flush=True)
    batches = []
    for round_number in range(1, args.rounds + 1):
        for transport in rotated(DOMAINS, round_number - 1):
            result, mails = batch(args, watcher, transport, args.count)
            every += mails
            result["round"] = round_number
            batches.append(result)
            last = result.get("to_last_at_smsc", result["to_last_logged"])
            deferred = sum(mail.deferrals for mail in mails)
            print(f"round {round_number}: {args.count} mails via {transport} delivered in {last:.2f} s "
                  f"({args.count / last:.1f}/s)" + (f", {deferred} deferred and run again" if deferred else ""),
                  flush=True)
    watcher.settle()
    watcher.stop()
    watcher.poll()
    duplicates = watcher.duplicates(every)
    for transport, counted in duplicates.items():
        print(f"{transport}: {counted['sms']} SMS at the SMSC for {counted['mails']} mails, "
              f"{counted['duplicates']} duplicate(s), {counted['deferrals']} deferral(s)", flush=True)
    with open(args.out, "w") as f:
        json.dump({"count": args.count, "rounds": args.rounds, "single": args.single, "warmup": args.warmup,
                   "connections": args.connections, "transports": list(DOMAINS),
                   "single_mails": {t: [m.record() for m in mails] for t, mails in single.items()},
                   "batches": batches, "duplicates": duplicates}, f, indent=1)


if __name__ == "__main__":
    main()
