#!/usr/bin/env python3
"""Check that what the README and docs/ name still exists in the tree.

usage: tools/check-docs.py [--names] [--generated] [FILE.md...]
       (default: README.md, docs/*.md and labs/*/README.md; --names: only the
       names, without the check for hand-copied line numbers and addresses;
       --generated: also re-run every generated block and compare it with
       the build, as tools/doc-transcripts.py --check does)

In `code spans` of each document it checks:
  paths     arch/ boot/ docs/ fs/ include/ kernel/ lib/ mm/ syscalls/ tests/
            tools/ user/ paths exist (a directory, a file, or for user/NAME,
            user/tests/NAME and ktest/NAME a test of that name); build/ paths
            and placeholders (NAME, SUITE, LIBC, N...) are not checked
  symbols   a C identifier written as `name()`, or containing an underscore
            and a lowercase letter, occurs in the tree's sources
  commands  `make TARGET` names a target of the Makefile
  places    "`name` in `file`": the symbol occurs in that file
and, anywhere in the text outside generated blocks, that no source line
number (`file.c:123`), kernel address (0xc0101234, [<c0101234>]) or
offset into a function (`copy_to_user+0x1a`, <trapret+1>) is quoted by
hand: a walk-through names the function and the reader finds it (gdb's
`info line`, `list FUNCTION`, `info address`), or the output that shows
them is a generated block (`<!-- generated: ... -->`), which
tools/doc-transcripts.py writes from the build and checks (--check).
Round constants of the memory map (0xC0000000, 0xC0100000: multiples of
1 MiB) are not addresses of code or data and are allowed.

Names that are Linux's (or Intel's), not Mica's, are written next to that
word (in the same sentence, before the name: "as Linux's `d_path`") and are
not checked; nor are the names a document asks its reader to create,
listed in a comment "<!-- check-docs new: NAME... -->". Prints one line per problem, "FILE:LINE: what"; exits 1 if
there is any.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE_DIRS = ("arch", "boot", "docs", "fs", "include", "kernel", "lib", "mm", "syscalls",
             "tests", "tools", "user")
PLACEHOLDER = re.compile(r"(?:^|[/_.-])(NAME|NNN|SUITE|LIBC|PROG|VARIANT|FILE|N|X|NN|foo)(?:$|[/_.-])")
PATH = re.compile(r"(?<![\w/.-])((?:%s)/[\w.+/-]*[\w+-])" % "|".join(TREE_DIRS))
IDENT = re.compile(r"^(?:struct |enum |union )?([A-Za-z_][A-Za-z0-9_]*)(\(\))?$")
IN_FILE = re.compile(r"`(?:struct )?([A-Za-z_]\w*)(?:\(\))?` in `([\w./-]+\.(?:c|h|S|py))`")
NEW_NAMES = re.compile(r"<!--\s*check-docs new:(.*?)-->", re.S)
LINE_REF = re.compile(r"\b[\w/.-]+\.(?:c|h|S|py):\d+\b")
# an address in the kernel half (0xc0101234, c0101234 in an oops) and a
# symbol+offset (copy_to_user+0x1a, <trapret+1>)
ADDRESS = re.compile(r"(?<![\w$])(?:0[xX])?([cdefCDEF][0-9a-fA-F]{7})(?![\w])")
OFFSET = re.compile(r"\b[A-Za-z_]\w*\+(?:0x[0-9a-fA-F]+|\d+)\b(?!\s*[*/])")
HINT = " (name the symbol, or show it in a generated block: docs/testing.md)"
GENERATED = re.compile(r"^<!-- generated: .*?^<!-- end generated -->$", re.M | re.S)
# the words that make a name someone else's (Linux's, the CPU manual's)
OTHERS = ("Linux", "Intel")
# how far back in a sentence one of them makes a name theirs
LINUX_WINDOW = 160


def tree_words():
    """Every identifier-like word in the tree's tracked sources and scripts."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                           text=True).stdout.split()
    words = set()
    for f in files:
        if f.endswith(".md") or f.startswith("tests/busybox/"):
            continue
        p = os.path.join(ROOT, f)
        if os.path.isfile(p):
            words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", open(p, errors="replace").read()))
    return words


def make_targets():
    """The targets the Makefile defines (rules and .PHONY names)."""
    text = open(os.path.join(ROOT, "Makefile")).read()
    targets = set(re.findall(r"^([\w.-]+)\s*:(?!=)", text, re.M))
    for phony in re.findall(r"^\.PHONY:(.*(?:\\\n.*)*)", text, re.M):
        targets.update(phony.replace("\\\n", " ").split())
    return targets


def test_exists(kind, name):
    """True if a user test, ktest suite or user program NAME exists."""
    name = name.split("@")[0]
    if kind == "ktest":
        return os.path.exists(os.path.join(ROOT, "tests/kernel", f"test_{name}.c"))
    return any(os.path.exists(os.path.join(ROOT, p)) for p in (
        f"user/tests/{name}.c", f"user/{name}.c", f"user/{name}", f"user/dyn/{name}.c"))


def path_ok(p):
    """True if path p (as the docs write it) names something in the tree."""
    if os.path.exists(os.path.join(ROOT, p)) or glob.glob(os.path.join(ROOT, p)):
        return True
    parts = p.split("/")
    if parts[0] == "user" and len(parts) == 2:
        return test_exists("user", parts[1])
    if parts[:2] == ["user", "tests"] and len(parts) == 3:
        return test_exists("user", parts[2])
    if parts[:2] == ["user", "dyn"] and len(parts) == 3:
        return test_exists("user", parts[2])
    # a path ending in a directory name written without its slash, or a
    # built file named after its source (tests/host/test_x -> test_x.c)
    return bool(glob.glob(os.path.join(ROOT, p + ".*")))


def linux_context(text, pos):
    """True if the word Linux comes before pos in the same sentence."""
    start = max(text.rfind(". ", 0, pos), text.rfind("\n\n", 0, pos), text.rfind("|", 0, pos),
                pos - LINUX_WINDOW)
    return any(w in text[start:pos] for w in OTHERS)


def check(doc, words, targets, line_numbers=True):
    """The problems of one document, as (line, message)."""
    text = open(doc).read()
    new = set(" ".join(NEW_NAMES.findall(text)).split()[0:])
    new.discard(":")
    problems = []
    line_of = lambda pos: text.count("\n", 0, pos) + 1
    # generated blocks are the build's own output (tools/doc-transcripts.py)
    opened = len(re.findall(r"^<!-- generated:", text, re.M))
    closed = len(GENERATED.findall(text))
    if opened != closed:
        problems.append((1, f"{opened} generated blocks open, {closed} closed by "
                            "<!-- end generated --> (each needs its own end line)"))
    hand = GENERATED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for m in LINE_REF.finditer(hand if line_numbers else ""):
        problems.append((line_of(m.start()), f"a hand-copied source line number: {m.group(0)}" + HINT))
    for m in ADDRESS.finditer(hand if line_numbers else ""):
        v = int(m.group(1), 16)
        if v % 0x100000 and (v + 1) % 0x100000 and v < 0xf8000000:
            problems.append((line_of(m.start()), f"a hand-copied address: {m.group(0)}" + HINT))
    for m in OFFSET.finditer(hand if line_numbers else ""):
        problems.append((line_of(m.start()), f"a hand-copied offset: {m.group(0)}" + HINT))
    for m in re.finditer(r"`([^`\n]+)`", text):
        span, pos = m.group(1), m.start()
        if linux_context(text, pos) or span in new or span.rstrip("()") in new:
            continue
        for p in PATH.findall(span):
            p = p.rstrip(".")
            if p.startswith("build/") or PLACEHOLDER.search(p) or p in new:
                continue
            if not path_ok(p):
                problems.append((line_of(pos), f"no such file or test: {p}"))
        km = re.match(r"^ktest/(\w+)$", span)
        if km and not test_exists("ktest", km.group(1)):
            problems.append((line_of(pos), f"no such ktest suite: {km.group(1)}"))
        im = IDENT.match(span)
        if im:
            name, call = im.group(1), im.group(2)
            if (call or ("_" in name.strip("_") and re.search(r"[a-z]", name))) and \
                    name not in words:
                problems.append((line_of(pos), f"no such symbol in the tree: {name}"))
        mm = re.match(r"^make (?:-\S+\s+)*([\w/.-]+)", span)
        if mm and mm.group(1).startswith("build/"):
            pass  # a file the Makefile's pattern rules build
        elif mm and mm.group(1) not in targets:
            problems.append((line_of(pos), f"no such make target: {mm.group(1)}"))
    for m in IN_FILE.finditer(text):
        name, path = m.groups()
        full = os.path.join(ROOT, path)
        if name in new or linux_context(text, m.start()) or not os.path.isfile(full):
            continue  # a missing file is reported above
        if not re.search(r"\b%s\b" % re.escape(name), open(full, errors="replace").read()):
            problems.append((line_of(m.start()), f"{name} is not in {path}"))
    return problems


def main():
    args = sys.argv[1:]
    names_only = "--names" in args
    generated = "--generated" in args
    args = [a for a in args if a not in ("--names", "--generated")]
    docs = args or [os.path.join(ROOT, "README.md")] + sorted(
        glob.glob(os.path.join(ROOT, "docs/*.md")) + glob.glob(os.path.join(ROOT, "labs/*/README.md")))
    words, targets = tree_words(), make_targets()
    bad = 0
    for doc in docs:
        for line, what in check(doc, words, targets, not names_only):
            print(f"{os.path.relpath(doc, ROOT)}:{line}: {what}")
            bad += 1
    if generated:
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tools/doc-transcripts.py"),
                            "--check"] + docs, cwd=ROOT)
        bad += p.returncode != 0
    return 1 if bad else 0


sys.exit(main())
