#!/usr/bin/env python3
"""`make bench` and `make bench-linux` (docs/bench.md): user/bench on Mica
and on Debian's Linux kernel, each in QEMU with -icount shift=0 (rdtsc
counts guest instructions, so a run repeats exactly), side by side.

usage: tests/bench.py linux OUT [--file SRC=DEST]...
         boot Linux (build/pkgs/linux-image) with user/bench as /init in an
         initramfs holding it, busybox, user/dyn's hello builds and the
         --file extras; write bench's output to OUT
       tests/bench.py table [--write-doc] [FILTER]...
         run user/bench on Mica through tools/run-elf, read Linux's figures
         from build/bench/linux.txt and print one table: name, Linux, Mica,
         ratio (Mica/Linux); the geometric mean of the ratios; the slopes.
         --write-doc also writes the table into docs/bench.md's example
       tests/bench.py parse FILE
         check FILE is a complete bench output (make test's quick run)
"""
import glob
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from mkinitramfs import entry  # noqa: E402  (the cpio "newc" writer)

B = os.path.join(ROOT, "build")
PROG = os.path.join(B, "user/bench")
DYN = os.path.join(B, "user-dyn")
LINUX_OUT = os.path.join(B, "bench/linux.txt")
MICA_OUT = os.path.join(B, "bench/mica.txt")
BUSYBOX = os.path.join(B, "pkgs/busybox-static/bin/busybox")
DOC = os.path.join(ROOT, "docs/bench.md")
# the one QEMU configuration both kernels run in (tools/run-elf's, with
# -icount shift=0)
MEM = "128"
ICOUNT = "-icount shift=0"
LINUX_APPEND = "console=ttyS0 quiet rdinit=/init panic=-1"
LINE = re.compile(r"^(.+) \| (-?[0-9.]+)\s*$")
DONE = "bench: done"
# Slopes: (what, line at the small size, small size, line at the large
# size, large size): the cost of each extra unit between the two.
SLOPES = [
    ("getdents64, per directory entry (100 -> 1000)",
     "getdents64 100 entries", 100, "getdents64 1000 entries", 1000),
    ("readv /dev/zero, per segment (16 -> 1024)",
     "readv 16 seg /dev/zero", 16, "readv 1024 seg /dev/zero", 1024),
    ("writev /dev/null, per segment (16 -> 1024)",
     "writev 16 seg /dev/null", 16, "writev 1024 seg /dev/null", 1024),
    ("preadv tmpfs, per segment (16 -> 1024)",
     "preadv 16 seg tmpfs", 16, "preadv 1024 seg tmpfs", 1024),
    ("page fault, per page (64 -> 1024)",
     "page fault 64 pages", 64, "page fault 1024 pages", 1024),
    ("COW fault, per page (64 -> 512)",
     "COW child writes 64 pages", 64, "COW child writes 512 pages", 512),
    ("fork, per touched page (small -> 16 MiB)",
     "fork+exit+wait small", 0, "fork+exit+wait 16 MiB touched", 4096),
    ("fork, per untouched page (small -> 64 MiB)",
     "fork+exit+wait small", 0, "fork+exit+wait 64 MiB untouched", 16384),
]


def parse(text):
    """The figures of a bench output, {name: value}, in order, and whether
    it ended with bench's last line."""
    lines, done = {}, False
    for raw in text.splitlines():
        raw = raw.rstrip("\r")
        m = LINE.match(raw)
        if m:
            lines[m.group(1)] = float(m.group(2))
        elif raw.strip() == DONE:
            done = True
    return lines, done


def linux_cpio(out, extras):
    """An initramfs for Linux: bench as /init, busybox as /bin/busybox,
    build/user-dyn at /run/dyn, each (src, dest) of extras, and /dev,
    /proc and /tmp (bench mounts devtmpfs and proc on the first two)."""
    files, dirs = [], set()

    def add_dirs(path):
        parts = path.split("/")[:-1]
        for n in range(1, len(parts) + 1):
            d = "/".join(parts[:n])
            if d not in dirs:
                dirs.add(d)
                files.append((d, 0o040755, b""))

    def add(src, dest):
        dest = dest.strip("/")
        add_dirs(dest)
        files.append((dest, 0o100000 | (os.stat(src).st_mode & 0o7777),
                      open(src, "rb").read()))

    for d in ("dev", "proc", "tmp"):
        dirs.add(d)
        files.append((d, 0o041777 if d == "tmp" else 0o040755, b""))
    add(PROG, "/init")
    if os.path.exists(BUSYBOX):
        add(BUSYBOX, "/bin/busybox")
    for path in sorted(glob.glob(f"{DYN}/*/hello")):
        add(path, "/run/dyn/" + os.path.relpath(path, DYN))
    for src, dest in extras:
        add(src, dest)
    blob = b"".join(entry(p, m, d, i) for i, (p, m, d) in enumerate(files, 1))
    blob += entry("TRAILER!!!", 0, b"", 0)
    with open(out, "wb") as f:
        f.write(blob + b"\0" * (-len(blob) % 512))


def run_linux(out, extras):
    """Boots Linux with bench as init and writes its output to out; 0 if
    the output is complete."""
    vmlinuz = sorted(glob.glob(f"{B}/pkgs/linux-image/boot/vmlinuz-*"))
    if not vmlinuz:
        sys.exit("bench: no build/pkgs/linux-image/boot/vmlinuz-*: run make bench-linux")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cpio = os.path.join(B, "bench/linux-initramfs.cpio")
    linux_cpio(cpio, extras)
    qemu = ["qemu-system-i386", "-machine", "pc,accel=tcg", "-cpu", "max", "-m", MEM,
            "-no-reboot", "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
            "-kernel", vmlinuz[-1], "-initrd", cpio, "-append", LINUX_APPEND] + ICOUNT.split()
    print(f"bench: Linux ({os.path.basename(vmlinuz[-1])}, QEMU {ICOUNT})", flush=True)
    try:
        p = subprocess.run(qemu, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=1200)
        text = p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        text = (e.stdout or b"").decode(errors="replace") + "\nbench: timed out\n"
    lines, done = parse(text)
    with open(out + ".log", "w") as f:
        f.write(text)
    if not done:
        sys.stderr.write(text[-3000:] + f"\nbench: Linux's run did not finish (log {out}.log)\n")
        return 1
    with open(out, "w") as f:
        f.write("".join(f"{k} | {v:.1f}\n" for k, v in lines.items()) + DONE + "\n")
    print(f"bench: {len(lines)} lines in {os.path.relpath(out, ROOT)}")
    return 0


def run_mica(filters):
    """Runs bench on Mica (tools/run-elf, QEMU -icount shift=0) and returns
    its output, or exits if it did not finish."""
    env = dict(os.environ, QEMU_OPTS=ICOUNT, RUN_ELF_TIMEOUT="1200")
    args = [os.path.join(ROOT, "tools/run-elf")]
    if os.path.isdir(DYN):
        args += ["--add", f"{DYN}=/run/dyn"]
    p = subprocess.run(args + [PROG] + filters, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE)
    text = p.stdout.decode(errors="replace")
    os.makedirs(os.path.dirname(MICA_OUT), exist_ok=True)
    with open(MICA_OUT, "w") as f:
        f.write(text)
    if p.returncode != 0 or DONE not in text:
        sys.exit(text + f"\nbench: Mica's run failed (status {p.returncode})")
    return text


def fmt(v):
    """A figure for the table: whole instructions, or one decimal below 100."""
    return "-" if v is None else (f"{v:.1f}" if abs(v) < 100 else f"{v:.0f}")


def table(linux, mica, filters):
    """The table's text: one row a line bench printed on either kernel,
    the geometric mean of the ratios of the lines both printed, the
    slopes."""
    names = list(mica) + [n for n in linux if n not in mica]
    names = [n for n in names if not filters or any(f in n for f in filters)]
    w = max([len(n) for n in names] + [44])
    out = [f"{'benchmark (instructions per op)':<{w}} {'Linux':>12} {'Mica':>12} {'ratio':>7}"]
    ratios = []
    for n in names:
        lv, mv = linux.get(n), mica.get(n)
        r = mv / lv if lv and mv is not None else None
        if r is not None and ", per " not in n:
            ratios.append(r)
        out.append(f"{n:<{w}} {fmt(lv):>12} {fmt(mv):>12} "
                   f"{(f'{r:.2f}x' if r is not None else '-'):>7}")
    if ratios:
        gm = math.exp(sum(math.log(max(r, 1e-9)) for r in ratios) / len(ratios))
        out.append(f"{'geometric mean of the ratios (' + str(len(ratios)) + ' lines)':<{w}} "
                   f"{'':>12} {'':>12} {gm:>6.2f}x")
    out.append("")
    out.append(f"{'slope (instructions per unit)':<{w}} {'Linux':>12} {'Mica':>12} {'ratio':>7}")
    for what, a, na, b, nb in SLOPES:
        if filters and not any(f in a or f in b for f in filters):
            continue
        sl = [(k[b] - k[a]) / (nb - na) if a in k and b in k else None for k in (linux, mica)]
        r = sl[1] / sl[0] if sl[0] and sl[1] is not None else None
        out.append(f"{what:<{w}} {fmt(sl[0]):>12} {fmt(sl[1]):>12} "
                   f"{(f'{r:.2f}x' if r is not None else '-'):>7}")
    return "\n".join(out) + "\n"


def write_doc(text):
    """Replaces the generated table in docs/bench.md (between its two
    markers) with text."""
    begin, end = "<!-- bench table: begin -->", "<!-- bench table: end -->"
    doc = open(DOC).read()
    i, j = doc.index(begin) + len(begin), doc.index(end)
    open(DOC, "w").write(doc[:i] + "\n```\n" + text + "```\n" + doc[j:])


def main():
    argv = sys.argv[1:]
    if argv[:1] == ["linux"] and len(argv) >= 2:
        extras = []
        rest = argv[2:]
        while len(rest) >= 2 and rest[0] == "--file":
            src, _, dest = rest[1].partition("=")
            extras.append((src, dest))
            rest = rest[2:]
        return run_linux(argv[1], extras)
    if argv[:1] == ["parse"] and len(argv) == 2:
        lines, done = parse(open(argv[1]).read())
        print(f"bench: {len(lines)} lines" + ("" if done else ", incomplete"))
        return 0 if done and lines else 1
    if argv[:1] == ["table"]:
        doc = "--write-doc" in argv
        filters = [a for a in argv[1:] if a != "--write-doc"]
        linux, _ = parse(open(LINUX_OUT).read())
        mica, _ = parse(run_mica(filters))
        text = table(linux, mica, filters)
        sys.stdout.write(text)
        if doc:
            write_doc(text)
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
