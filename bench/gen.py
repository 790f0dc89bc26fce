#!/usr/bin/python3
"""Generates the inputs of the benchmarks under bench/: messages and rule files. Deterministic (seeded),
so two runs of `make bench` read the same bytes.

    gen.py message SIZE OUT        multipart/mixed of exactly SIZE bytes: a short text part with the ISE
                                   credentials, a base64 attachment (about 90 % of SIZE), a plain-text part
                                   (about 6 % of SIZE, at least two lines)
    gen.py plain100k OUT           the 100 KB plain-text message of bench/rules.sh: 30 header fields,
                                   1,400 body lines, the ISE credentials at the end
    gen.py rules N OUT             N rules of bench/rules.sh's shape (nine in ten a header pattern, one in
                                   ten a body pattern, none sends), then the Username rule
    gen.py rules20 OUT LOGFILE     20 rules valid for both maildrop and mail2sms, none matching an ordinary
                                   message: 15 header rules (Subject and From), 5 body rules; ends in `exit`
    gen.py plain OUT               an ordinary 3 KB message that none of the 20 rules matches
    gen.py ise OUT NUMBER PASSWORD MESSAGE_ID
                                   Tests/Fixtures/messages/ise-guest-plain.eml with that number, password
                                   and Message-ID, with LF line ends as pipe(8) delivers it
"""
import base64
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "Tests", "Fixtures", "messages", "ise-guest-plain.eml")


def message(size, out):
    """A multipart/mixed message of exactly `size` bytes (sizes below about 700 bytes cannot be met)."""
    rng = random.Random(size)
    head = (
        "Return-Path: <ise@example.com>\n"
        "From: ise@example.com\n"
        "To: 4850123456789@sms.example.com\n"
        "Subject: =?UTF-8?Q?Your_Guest_Account_Credentials?=\n"
        "Date: Sun, 22 Nov 2026 10:00:00 +0000\n"
        f"Message-ID: <scale-{size}@example.com>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="=_scale"\n'
        "\n"
        "--=_scale\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        "Username: jkowalski7\nPassword: Xy7k9Qm\nto: 4850123456789\n"
        "\n"
        "--=_scale\n"
        "Content-Type: application/octet-stream; name=scale.bin\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
    )
    middle = "\n--=_scale\nContent-Type: text/plain; charset=utf-8\n\n"
    tail = "--=_scale--\n"
    line = "line {:07d} of the plain-text part that follows the attachment, for scale.\n"
    fixed = len(head) + len(middle) + len(tail)
    text_budget = max(2 * len(line.format(0)), size * 6 // 100)
    text_lines = text_budget // len(line.format(0))
    text = "".join(line.format(i) for i in range(text_lines))
    # The attachment fills the rest: base64 lines of 76 characters joined by newlines (`middle` starts with
    # the last one's), the last line shorter; the 0 to 3 bytes a base64 line cannot take become blanks at the
    # end of the text part.
    room = size - fixed - len(text)
    if room < 8:
        raise SystemExit(f"gen.py: {size} bytes is too small for the message's fixed parts")
    lengths = []
    left = room
    while left >= 77 + 4:
        lengths.append(76)
        left -= 77
    last = left // 4 * 4
    lengths.append(last)
    pad = left - last
    attachment = "\n".join(base64.b64encode(rng.randbytes(k // 4 * 3)).decode() for k in lengths)
    data = (head + attachment + middle + text[:-1] + " " * pad + "\n" + tail).encode()
    assert len(data) == size, (len(data), size)
    with open(out, "wb") as f:
        f.write(data)


def plain100k(out):
    lines = [
        "From: ise@example.com", "To: sms@sms.example.com", "Subject: Guest Account Text Notification",
        "Message-ID: <bench@example.com>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
    ]
    lines += [f"X-Header-{i:02d}: value {i}" for i in range(24)]
    lines.append("")
    lines += [f"Line {i:05d} of the notification text, long enough to look like real mail." for i in range(1400)]
    lines += ["Username: jsmith02", "Password: t6ub79_6r", "to: 4850123456789"]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


def rules(n, out):
    parts = []
    for i in range(n):
        if i % 10 == 9:
            parts.append(f"if (/^Keyword{i}:\\s*(\\S+)/:b)\n{{\n    R{i}=$MATCH1\n}}\n")
        else:
            parts.append(f'if (/^Subject:.*Rule{i}/ && $FROM ne "")\n{{\n    R{i}="hit"\n}}\n')
    parts.append("if (/^Username:\\s*(\\S+)/:b)\n    USERNAME=$MATCH1\n")
    with open(out, "w") as f:
        f.write("".join(parts))


def rules20(out, logfile):
    parts = [f'DEFAULT="/dev/null"\nlogfile "{logfile}"\n']
    for i in range(20):
        if i % 4 == 3:
            parts.append(f'if (/^Password{i}:\\s*(\\S+)/:b)\n{{\n    log "rule {i}: $MATCH1"\n}}\n')
        else:
            parts.append(f'if (/^Subject:.*Guest Account {i}/ && /^From:.*ise{i}@example\\.com/)\n'
                         f'{{\n    log "rule {i}"\n}}\n')
    parts.append("exit\n")
    with open(out, "w") as f:
        f.write("".join(parts))


def plain(out):
    head = ("From: alice@example.org\nTo: bob@example.com\nSubject: Lunch on Friday\n"
            "Date: Sun, 22 Nov 2026 10:00:00 +0000\nMessage-ID: <lunch@example.org>\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n\n")
    body = "".join(f"Line {i} of an ordinary message that no rule is looking for at all.\n" for i in range(40))
    with open(out, "w") as f:
        f.write(head + body)


def ise(out, number, password, message_id):
    with open(FIXTURE, newline="") as f:
        # The fixture has CRLF line ends; Postfix's pipe(8) hands a message over with LF.
        text = f.read().replace("\r\n", "\n")
    for old, new in [("Password: t6ub79_6r", f"Password: {password}"), ("to: 4850123456789", f"to: {number}"),
                     ("<1385847587000.7.JavaMail.ise@ise.example.com>", f"<{message_id}>")]:
        if old not in text:
            raise SystemExit(f"gen.py: {FIXTURE} lacks '{old}'")
        text = text.replace(old, new)
    with open(out, "w") as f:
        f.write(text)


def main(argv):
    commands = {
        "message": (2, lambda a: message(int(a[0]), a[1])),
        "plain100k": (1, lambda a: plain100k(a[0])),
        "rules": (2, lambda a: rules(int(a[0]), a[1])),
        "rules20": (2, lambda a: rules20(a[0], a[1])),
        "plain": (1, lambda a: plain(a[0])),
        "ise": (4, lambda a: ise(*a)),
    }
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][0]:
        sys.exit(__doc__)
    commands[argv[1]][1](argv[2:])


if __name__ == "__main__":
    main(sys.argv)
