#!/usr/bin/env python3
"""Check answers-lab1.txt against the kernel in build/.

usage: python3 labs/01-boot-gdb/check_answers.py [ANSWERS]
(labs/02-paging/check_answers.py uses its check() for its own questions)

The right values are not stored anywhere: they come from the build, the
way the student finds them. One `make gdb` session in batch mode (QEMU
on a free port, gdb stopped at kmain as `make gdb` stops there) prints
the entry point, kmain's arguments and caller, struct trapframe's layout
and the `extable` command's table; this script reads the answers from
them, and the entry point's symbol from build/kernel.sym. Prints one
line per answer ("ok NAME" or "wrong NAME: got Y", never the right
value), then a summary as its last line; exits 0 iff all are right.
"""
import os
import re
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYS = ["entry", "entry_symbol", "magic", "info", "kmain_caller", "trapframe_size",
        "eip_offset", "trapret_entries", "trapret_type"]
NUMBERS = {"entry", "magic", "info", "trapframe_size", "eip_offset", "trapret_entries"}
GDB_EX = ["info files", "print/x magic", "print/x info", "bt",
          "print sizeof(struct trapframe)", "print (int)&((struct trapframe *)0)->eip",
          "extable"]


def read_answers(path):
    """KEY = VALUE lines of path (comments and blank lines skipped)."""
    got = {}
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            k, v = line.split("=", 1)
            got[k.strip()] = v.strip()
    return got


def gdb_session(ex):
    """Run `make gdb`'s boot in batch mode with gdb commands ex (after it
    stops at kmain) and return gdb's output."""
    make = subprocess.run(["make", "--no-print-directory", "-n", "gdb"], cwd=ROOT,
                          capture_output=True, text=True)
    line = [l for l in make.stdout.splitlines() if "tools/gdb-run" in l]
    if not line:
        sys.exit("check_answers: `make -n gdb` shows no tools/gdb-run line")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    cmd = line[-1] + " --batch" + "".join(" -ex '%s'" % e for e in ex)
    p = subprocess.run(["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env=dict(os.environ, GDBPORT=str(port)))
    return p.stdout + p.stderr


def expected_values(out):
    """The right answers, parsed from the gdb session's output."""
    want = {}
    m = re.search(r"Entry point: (0x[0-9a-f]+)", out)
    want["entry"] = m and m.group(1)
    if want["entry"]:
        # the symbol at the entry point, from the build's symbol table
        for line in open(os.path.join(ROOT, "build/kernel.sym")):
            f = line.split()
            if len(f) == 3 and f[1] in "tT" and int(f[0], 16) == int(want["entry"], 16):
                want["entry_symbol"] = f[2]
    vals = re.findall(r"^\$\d+ = (.*)$", out, re.M)
    if len(vals) >= 4:
        want["magic"], want["info"], want["trapframe_size"], want["eip_offset"] = vals[:4]
    m = re.search(r"^#1 .* in (\w+) \(", out, re.M)
    want["kmain_caller"] = m and m.group(1)
    types = re.findall(r"<trapret\+\d+>\s+->\s+\S+ <[^>]*>\s+(\w+)", out)
    want["trapret_entries"] = str(len(types)) if types else None
    want["trapret_type"] = types[0] if types and len(set(types)) == 1 else None
    return want


def same(numeric, want, got):
    """Is the answer got right, the value being want (a number if numeric)?"""
    if numeric:
        try:
            return int(got, 0) == int(want, 0)
        except ValueError:
            return False
    return got.strip("`<>()' \"").removesuffix("()") == want


def check(default, keys, numbers, ex, expected):
    """Check the answers file (argv[1], else default under the tree's top)
    for keys against expected(gdb output of commands ex). Returns the
    exit status."""
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, default)
    if not os.path.isfile(path):
        print(f"no {os.path.relpath(path, ROOT)}: write your answers there")
        return 1
    got = read_answers(path)
    out = gdb_session(ex)
    want = expected(out)
    if not all(want.get(k) for k in keys):
        print(out[-2000:])
        print("check_answers: the gdb session did not show every value (is build/ made?)")
        return 1
    wrong = []
    for k in keys:
        g = got.get(k, "")
        if g and same(k in numbers, want[k], g):
            print(f"ok {k}")
        else:
            wrong.append(k)
            # never the right value: that is for gdb to show
            print(f"wrong {k}: got {g or '(blank)'}")
    if wrong:
        first = wrong[0]
        print(f"{len(wrong)} of {len(keys)} answers wrong or blank; first: {first} "
              f"(got {got.get(first) or 'no answer'})")
        return 1
    print(f"all {len(keys)} answers right")
    return 0


if __name__ == "__main__":
    sys.exit(check("answers-lab1.txt", KEYS, NUMBERS, GDB_EX, expected_values))
