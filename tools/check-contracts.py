#!/usr/bin/env python3
"""List kernel function definitions that have no contract comment.

usage: tools/check-contracts.py [FILE...]   (default: every kernel .c file)

The house style puts a 1-3 line comment right above every function
definition saying what it does and returns. A definition is a line with
"{" alone in column 0 (the kernel's brace style); its declarator is the
run of lines above it back to a blank line or the end of the previous
item. The line above the declarator must end a comment ("*/" or a "//"
line). Exits 1 and prints "file:line: name" for each definition without
one, 0 when every definition has its contract.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ("arch", "boot", "fs", "kernel", "lib", "mm", "syscalls")


def kernel_sources():
    out = subprocess.run(["git", "ls-files", "--", *DIRS], cwd=ROOT,
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    return [f for f in out.split() if f.endswith(".c")]


def missing(path):
    lines = open(os.path.join(ROOT, path)).read().split("\n")
    bad = []
    for n, line in enumerate(lines):
        if line != "{":
            continue
        # walk back over the declarator
        i = n - 1
        while i > 0 and lines[i - 1].strip() and not re.search(r"[;}]\s*$|\*/\s*$|^\s*//|^#", lines[i - 1]):
            i -= 1
        decl = " ".join(l.strip() for l in lines[i:n])
        if "(" not in decl or re.match(r"^(struct|union|enum)\b[^(]*$", decl) or "=" in decl.split("(")[0]:
            continue  # a struct or an initializer, not a function
        above = lines[i - 1].rstrip() if i > 0 else ""
        if above.endswith("*/") or above.lstrip().startswith("//"):
            continue
        m = re.search(r"(\w+)\s*\(", decl)
        bad.append((i + 1, m.group(1) if m else decl))
    return bad


def main():
    files = sys.argv[1:] or kernel_sources()
    total = 0
    for f in files:
        for line, name in missing(f):
            print(f"{f}:{line}: {name}")
            total += 1
    if total:
        print(f"{total} function definitions without a contract comment")
    return 1 if total else 0


sys.exit(main())
