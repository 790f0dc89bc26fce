#!/usr/bin/env python3
"""Lists every function, initializer and closure-free accessor in Sources/ longer than LIMIT lines (from the
line of its `func`/`init` keyword to its closing brace), and exits 1 if there is one. Strings, character
literals and comments are blanked first, so their braces do not count.

    Scripts/function-lengths.py [LIMIT]        (default 60; run by `make lint`)
"""
import os
import re
import sys

LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 60
DECLARATION = re.compile(r"\b(func\s+[^\s(<]+|init[?!]?\s*[(<]|subscript\s*[(<])")


def blank(source):
    """The source with the contents of comments and string literals replaced by spaces, lines kept."""
    out, i, n = [], 0, len(source)
    while i < n:
        if source.startswith("//", i):
            j = source.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", source[i:j]))
            i = j
        elif source.startswith('"""', i):
            j = source.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(re.sub(r"[^\n]", " ", source[i:j]))
            i = j
        elif source[i] == '"':
            j = i + 1
            while j < n and source[j] != '"' and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            out.append(" " * (j + 1 - i))
            i = j + 1
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def long_functions(path):
    text = blank(open(path, encoding="utf-8").read())
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines):
        if not DECLARATION.search(line):
            continue
        depth, started = 0, False
        for end in range(number, len(lines)):
            for char in lines[end]:
                if char == "{":
                    depth, started = depth + 1, True
                elif char == "}":
                    depth -= 1
            if started and depth <= 0:
                break
            if not started and end > number + 8:
                break  # a requirement or declaration without a body
        if started and end - number + 1 > LIMIT:
            found.append((end - number + 1, number + 1, line.strip()))
    return found


def main():
    failures = 0
    for root, _, files in os.walk("Sources"):
        for name in sorted(files):
            if name.endswith(".swift"):
                path = os.path.join(root, name)
                for length, line, text in long_functions(path):
                    print(f"{path}:{line}: {length} lines (over {LIMIT}): {text[:80]}")
                    failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
