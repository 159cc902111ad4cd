#!/usr/bin/env python3
"""Regenerate (or check) the command output that the docs show.

usage: tools/doc-transcripts.py [--check] [-k SUBSTRING] [FILE.md...]
       (default: README.md, docs/*.md and labs/*/README.md; --check: write
       nothing, print each block that differs from what the build gives now
       and exit 1; -k: only the blocks whose kind contains SUBSTRING)

A generated block is a fenced block between two comment lines:

    <!-- generated: KIND ARGS -->
    ```
    (gdb) break sys_read if count == 100
    (gdb) continue
    ```
    <!-- end generated -->

The commands in it are what the author writes; everything else in the
block is rewritten from a real run of them on the current build:

  sh            each line "$ COMMAND" is run by bash in the tree's top
                directory; its output (stdout and stderr) follows it
  gdb [cmdline=WORD]... [PROG [ARGS...]]
                one gdb session: tools/gdb-run --batch (as `make gdb
                CMDLINE="WORD..."`, or `make gdb ELF=PROG ARGS=...`), which
                stops at kmain, then
                each line "(gdb) COMMAND"; all the gdb blocks of one
                document with the same ARGS are one session, in document
                order. Text after two spaces and "# " on a command line is
                a comment for the reader and is not sent. A long output is
                cut with gdb's own pipe: "(gdb) pipe extable | head -4"
  boot          a boot as `make run` does it (no extra command line), on
                its serial console: the kernel's output up to the shell's
                first prompt, then each "$ COMMAND" typed into Mica's shell
                with its output, then "exit" and the power-off line

Values that differ from one boot to the next (kernel heap addresses, for
one) are named by a pattern after the kind: "<!-- generated: gdb PROG ;
varies (?:mm|f)=0x[0-9a-f]+ -->" (" ; varies REGEX", any number): --check
compares the block with what each pattern matches replaced by "...".

The output is the build's own, addresses, offsets and line numbers
included, so a block goes stale whenever the code it shows changes; `make
test` (style/docs-generated) runs this with --check and fails then, and
running it without --check (after `make`) brings the docs up to date.
--check runs a document that differs a second time before it reports it.
"""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.path.join(ROOT, "build")
BLOCK = re.compile(r"^<!-- generated: ([^\n]*?) -->\n(.*?)^<!-- end generated -->$", re.M | re.S)
QEMU = ["qemu-system-i386", "-machine", "pc,accel=" + os.environ.get("ACCEL", "tcg"),
        "-cpu", "max", "-m", "128", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
TIMEOUT = 120
MARK = "@@doc-transcripts %d@@"
COMMENT = re.compile(r"\s{2,}# .*$")


def commands(body, prefix):
    """The lines of a block's body that are commands (they start with prefix)."""
    return [l[len(prefix):] for l in body.splitlines() if l.startswith(prefix)]


def fence(lines):
    return "```\n" + "".join(l + "\n" for l in lines) + "```\n"


def clean(text):
    """Output as a terminal shows it: no carriage returns, no trailing blanks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [l.rstrip() for l in lines]


# make's own variables, which a make recipe (make test) passes down: a
# command of a block runs as from a shell, not as a sub-make.
MAKE_VARS = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")


def run_sh(cmds):
    """The lines a shell prints for each command of cmds, each after its "$ " line."""
    out = []
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARS}
    for c in cmds:
        p = subprocess.run(["bash", "-c", COMMENT.sub("", c)], cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT,
                           env=env)
        out += ["$ " + c] + clean(p.stdout.decode(errors="replace"))
    return out


def run_gdb(args, cmds):
    """One gdb session of cmds; returns the transcript of each command."""
    argv = [os.path.join(ROOT, "tools/gdb-run"), "--batch", "-ex", "set width 0",
            "-ex", "set height 0"]
    for n, c in enumerate(cmds):
        argv += ["-ex", "echo \\n" + MARK % n + "\\n", "-ex", COMMENT.sub("", c)]
    argv += ["-ex", "echo \\n" + MARK % len(cmds) + "\\n", "-ex", "kill"]
    env = dict(os.environ)
    env["GDBPORT"] = str(free_port())
    # as the Makefile's gdb target sets them, for a session without PROG
    env["MICA_QEMU"] = " ".join(QEMU + ["-kernel", "build/kernel.elf", "-initrd",
                                        "build/initramfs.cpio"])
    env["MICA_CMDLINE"] = " ".join(a[len("cmdline="):] for a in args if a.startswith("cmdline="))
    args = [a for a in args if not a.startswith("cmdline=")]
    p = subprocess.run(argv + args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=TIMEOUT, env=env)
    text = p.stdout.decode(errors="replace")
    out = []
    for n, c in enumerate(cmds):
        m = re.search(r"\n%s\n(.*?)\n?%s\n" % (re.escape(MARK % n), re.escape(MARK % (n + 1))),
                      text, re.S)
        if not m:
            raise RuntimeError(f"gdb session {args}: no output for {c!r}:\n{text[-3000:]}")
        out.append(["(gdb) " + c] + clean(m.group(1)))
    return out


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_boot(cmds):
    """A boot as `make run` does; cmds typed at the shell's prompts."""
    q = subprocess.Popen(QEMU + ["-kernel", "build/kernel.elf", "-initrd", "build/initramfs.cpio",
                                 "-append", "", "-display", "none", "-monitor", "none",
                                 "-serial", "stdio"],
                         cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = []
    lock = threading.Lock()

    def reader():
        while True:
            b = q.stdout.read1(4096)
            if not b:
                return
            with lock:
                out.append(b.decode(errors="replace"))

    def wait_for(text, start):
        end = time.time() + TIMEOUT
        while time.time() < end:
            with lock:
                s = "".join(out)
            if s.find(text, start) >= 0:
                return s.find(text, start) + len(text)
            if q.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"boot: no {text!r} in:\n{''.join(out)[-3000:]}")

    threading.Thread(target=reader, daemon=True).start()
    try:
        seen = wait_for("\n$ ", 0)
        for c in cmds + ["exit"]:
            for ch in c + "\r":
                q.stdin.write(ch.encode())
                q.stdin.flush()
                time.sleep(0.01)
            seen = wait_for("mica: power off" if c == "exit" else "\n$ ", seen)
        q.wait(timeout=30)
    finally:
        if q.poll() is None:
            q.kill()
        q.wait()
    time.sleep(0.1)
    return [l for l in clean("".join(out)) if not l.startswith("qemu-system")]


def blocks(doc):
    """(start, end, kind, args, body, varies) of each generated block of doc."""
    text = open(doc).read()
    for m in BLOCK.finditer(text):
        head, *opts = m.group(1).split(" ; ")
        words = head.split()
        varies = [re.compile(o[len("varies "):]) for o in opts if o.startswith("varies ")]
        yield (m.start(2), m.end(2), words[0] if words else "", words[1:], m.group(2), varies)


def masked(body, varies):
    """body with what its block's "varies" patterns match replaced by ..."""
    for v in varies:
        body = v.sub("...", body)
    return body


def generate(doc, only=None):
    """The new bodies of doc's generated blocks: {start: (end, kind, body)}."""
    found = [b for b in blocks(doc) if not only or any(k in b[2] for k in only)]
    new = {}
    sessions = {}
    for start, end, kind, args, body, _ in found:
        if kind == "sh":
            new[start] = (end, kind, fence(run_sh(commands(body, "$ "))))
        elif kind == "boot":
            cmds = [c for c in commands(body, "$ ") if c != "exit"]
            new[start] = (end, kind, fence(run_boot(cmds)))
        elif kind == "gdb":
            sessions.setdefault(tuple(args), []).append((start, end, commands(body, "(gdb) ")))
        else:
            raise RuntimeError(f"{doc}: unknown kind of generated block: {kind!r}")
    for args, parts in sessions.items():
        cmds = [c for _, _, cs in parts for c in cs]
        outs = run_gdb(list(args), cmds)
        for start, end, cs in parts:
            lines = [l for o in outs[:len(cs)] for l in o]
            outs = outs[len(cs):]
            new[start] = (end, " ".join(("gdb",) + args), fence(lines))
    return new


def first_difference(old, new):
    a, b = old.splitlines(), new.splitlines()
    for n, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return n, x, y
    n = min(len(a), len(b)) + 1
    return n, a[n - 1] if len(a) >= n else "(end of block)", b[n - 1] if len(b) >= n else \
        "(end of block)"


def run_doc(doc, only, check):
    """(text, new blocks or the error, varies) of one document; --check runs
    a document twice before it reports it: a session that a timer interrupt
    took another way is not a stale doc."""
    text = open(doc).read()
    varies = {b[0]: b[5] for b in blocks(doc)}
    for attempt in range(2 if check else 1):
        try:
            new = generate(doc, only)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            new = e
            continue
        if all(masked(text[st:new[st][0]], varies[st]) == masked(new[st][2], varies[st])
               for st in new):
            break
    return text, new, varies


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    only = []
    while "-k" in args:
        i = args.index("-k")
        only.append(args[i + 1])
        del args[i:i + 2]
    docs = args or [os.path.join(ROOT, "README.md")] + sorted(
        glob.glob(os.path.join(ROOT, "docs/*.md")) + glob.glob(os.path.join(ROOT, "labs/*/README.md")))
    docs = [d for d in docs if "<!-- generated:" in open(d).read()]
    # the programs the gdb sessions run, built once before the sessions
    progs = sorted({a for d in docs for b in blocks(d) if b[2] == "gdb"
                    for a in [w for w in b[3] if not w.startswith("cmdline=")][:1]
                    if a.startswith("build/")})
    if progs:
        subprocess.run(["make", "-s", "--no-print-directory"] + progs, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda d: run_doc(d, only, check), docs))
    bad = 0
    for doc, (text, new, varies) in zip(docs, results):
        if isinstance(new, Exception):
            print(f"{os.path.relpath(doc, ROOT)}: {new}")
            bad += 1
            continue
        out, pos = [], 0
        for start in sorted(new):
            end, kind, body = new[start]
            old = masked(text[start:end], varies[start])
            if old != masked(body, varies[start]):
                n, x, y = first_difference(old, masked(body, varies[start]))
                line = text.count("\n", 0, start) + n
                if check:
                    print(f"{os.path.relpath(doc, ROOT)}:{line}: the generated block ({kind}) "
                          f"differs from what the build gives now:\n  doc:   {x}\n  build: {y}")
                else:
                    print(f"{os.path.relpath(doc, ROOT)}:{line}: rewrote the generated block "
                          f"({kind})")
                bad += 1
            out += [text[pos:start], body]
            pos = end
        out.append(text[pos:])
        if not check and "".join(out) != text:
            open(doc, "w").write("".join(out))
    if bad and check:
        print("(run tools/doc-transcripts.py after make to bring them up to date)")
    return 1 if bad and check else 0


if __name__ == "__main__":
    sys.exit(main())
