#!/usr/bin/env python3
"""The test runner behind `make test`.

Runs, in order, printing one line per test as it completes:
  host     lib/ unit tests built with ASan/UBSan (build/host/test_*)
  ktest    in-kernel selftests, one QEMU boot per suite ("test=SUITE")
  oops     deliberate kernel faults: the oops report must be complete
  mce      machine checks injected through the QEMU monitor's `mce`
           command: during copy_mc_to_kernel the copy comes back short and
           the kernel goes on; during a plain memcpy (oops=mce) the kernel
           panics with the decoded report
  boot     the GRUB ISO boots to the banner; run-elf works from a long
           TMPDIR; gdb stops in a kernel function
  leakcheck  init's leak check says ok after a clean run, and reports
           memory that a run left behind
  interactive  make run as a person uses it: keystrokes on the serial
           console, Mica's sh and busybox ash (^C, ^Z, fg, jobs, history)
  user     each user/tests program, natively on this Linux host and on the
           kernel through tools/run-elf; every TAP point must pass on the
           kernel and give the same result as on Linux ("# SKIP" on either
           side means the point is meant to differ), and the kernel's
           memory must come back afterwards (init's leak check)
  bench    user/bench once on Mica in its quick mode (one operation a
           line): every line it can print must be there and parse; no
           figure is asserted (make bench times it, docs/bench.md)
  dyn      the dynamically linked programs of user/dyn (glibc and musl),
           natively and on the kernel: TAP ones point by point, hello by
           its whole output and exit status, also run by its loader
  fuzz     the syscall fuzzer (user/fuzz) on the kernel only, one boot per
           seed (FUZZ_SEEDS, FUZZ_CALLS, FUZZ_ARGS): it must end with
           "fuzz: ok", without oops, panic, hang or leak
  faultsweep  the user test programs under fail_usercopy fault injection
           (user/faultsweep.c), one boot per FAULTSWEEP_RUNS entry (1%, 5%,
           every 61st copy): no oops, panic, hang, unkillable process or leak
  highmem  every user test program again, all in one -m 2G boot where
           every user and file page is high memory (user/suiterun.c),
           compared with Linux; no user page may come from low memory
  labs     (in the background, from the start) tools/labs.py check: every
           lab's markers and lab.toml are well formed, the complete tree
           scores full marks, and each lab's handout builds, scores below
           full marks on its own lab and full marks on the lab before
and ends with the failed tests named again, one line each, then the line
"N passed, N failed". A crash, oops, panic, hang or
missing test counts as a failure, and its log is shown.

usage: tests/run.py [-h] [-k SUBSTRING]...   (only the groups/tests whose name matches)
"""
import argparse
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
B = "build"
ACCEL = os.environ.get("ACCEL", "tcg")
QEMU = ["qemu-system-i386", "-machine", f"pc,accel={ACCEL}", "-cpu", "max", "-m", "128",
        "-no-reboot", "-display", "none", "-monitor", "none",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
BOOT_TIMEOUT = 120
# Every test boot runs the debug allocator (docs/testing.md); run-elf gets
# the same words through RUN_ELF_CMDLINE.
DEBUG_CMDLINE = os.environ.get("MICA_DEBUG_CMDLINE", "slub_debug page_poison=1")
USER_TIMEOUT = 120

passed = failed = 0


def parse_args():
    """The command line: -k SUBSTRING, any number of times; anything else
    is an error (argparse prints usage and exits with status 2)."""
    ap = argparse.ArgumentParser(
        prog="tests/run.py", description=__doc__.split("\n\n")[0],
        epilog="Groups: host ktest oops mce boot leakcheck interactive user dyn busybox "
        "fuzz faultsweep highmem labs (see docs/testing.md). Example: tests/run.py -k user/pipe -k ktest/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-k", dest="filters", action="append", default=[], metavar="SUBSTRING",
                    help="run only the tests whose name contains SUBSTRING (repeatable: any match)")
    return ap.parse_args()


filters = parse_args().filters


def wanted(name):
    return not filters or any(f in name for f in filters)


# Every result reported, as tools/labs.py parses them: (ok, name, the
# reason and log lines without their "# ").
RESULTS = []


def report(ok, name, why="", log=None):
    global passed, failed
    RESULTS.append((ok, name, why.splitlines() + (
        ["---- log ----"] + [l.strip() for l in log.splitlines()[-60:]] if log and not ok else [])))
    if ok:
        passed += 1
        print(f"ok {passed + failed} - {name}", flush=True)
    else:
        failed += 1
        print(f"not ok {passed + failed} - {name}", flush=True)
        for line in why.splitlines():
            print(f"# {line}")
        if log:
            print("# ---- log ----")
            for line in log.splitlines()[-60:]:
                print(f"#   {line}")
        sys.stdout.flush()


TAP_LINE = re.compile(r"^\s*(not ok|ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(#.*)?$")


def parse_tap(text, indent=None):
    """Returns (plan, [(ok, num, name, directive)]) of one TAP level."""
    plan, points = None, []
    for line in text.splitlines():
        if indent is not None and not line.startswith(indent):
            continue
        body = line[len(indent):] if indent else line
        if indent == "" and body.startswith(" "):
            continue
        m = re.match(r"^1\.\.(\d+)", body)
        if m:
            plan = int(m.group(1))
            continue
        m = TAP_LINE.match(body)
        if m and not body.startswith(" "):
            points.append((m.group(1) == "ok", int(m.group(2)), m.group(3).strip(),
                           (m.group(4) or "").strip()))
    return plan, points


def tap_diagnostic(text, num):
    """The first "# ..." line after point num of a top-level TAP text (the
    failed check's own message), or ""."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"^not ok {num}\b", line):
            for after in lines[i + 1:]:
                if not after.startswith("#"):
                    break
                if after[1:].strip():
                    return after[1:].strip()
    return ""


def boot(append, timeout=BOOT_TIMEOUT, extra=(), kernel=f"{B}/kernel.elf"):
    """Boot the kernel headless; returns (exit code or None on timeout, log)."""
    with tempfile.NamedTemporaryFile(prefix="mica-serial.", suffix=".log", delete=False) as t:
        path = t.name
    cmd = QEMU + ["-kernel", kernel, "-initrd", f"{B}/initramfs.cpio",
                  "-append", f"{append} {DEBUG_CMDLINE}", "-serial", f"file:{path}"] + list(extra)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        code = None
    log = open(path, errors="replace").read()
    os.unlink(path)
    return code, log


CRASHED = "the kernel crashed (reset without an exit status)"


def crashed(code, log):
    """True when QEMU ended by itself without the kernel's power-off line:
    with -no-reboot a triple fault (a reset) makes QEMU exit with status 0,
    while isa-debug-exit always gives an odd status."""
    return code is not None and "mica: power off, status" not in log


def bad_signs(log):
    for sign in ("panic:", "Oops:", "BUG:"):
        if sign in log:
            return sign
    return None


def sign_where(log, sign):
    """sign (bad_signs' answer) and, for an oops, where it struck: "Oops:
    at __copy_to_user_ll+0x1b", from the report's EIP line."""
    if sign != "Oops:":
        return sign or ""
    m = re.search(r"^EIP: \S+ (\S+)", log[log.index(sign):], re.M)
    return f"{sign} at {m.group(1)}" if m else sign


def run_host():
    if not os.path.isdir(f"{B}/host"):
        if wanted("host/"):
            report(False, "host/: unit tests built",
                   "build/host is missing: run 'make host-tests'")
        return
    tests = sorted(f for f in os.listdir(f"{B}/host") if f.startswith("test_") and
                   os.access(f"{B}/host/{f}", os.X_OK) and "." not in f)
    for t in tests:
        if not wanted(f"host/{t}"):
            continue
        args = [f"{B}/host/{t}"]
        if t == "test_elf":
            args.append(f"{B}/user/init")
        try:
            p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=USER_TIMEOUT)
            out, code = p.stdout.decode(errors="replace"), p.returncode
        except subprocess.TimeoutExpired:
            out, code = "timed out", None
        plan, points = parse_tap(out, "")
        for ok, num, name, d in points:
            report(ok, f"host/{t}: {name}", "" if ok else tap_diagnostic(out, num),
                   out if not ok else None)
        if code != 0 or plan is None or plan != len(points):
            report(False, f"host/{t}: completed",
                   f"exit {code}, plan {plan}, {len(points)} results", out)


def ksuites():
    """The in-kernel suites: every KTEST_SUITE linked into the kernel, read
    from the ktest_suite_NAME symbols of build/kernel.sym."""
    names = []
    for line in open(f"{B}/kernel.sym"):
        m = re.match(r"^[0-9a-f]+ [rRdD] ktest_suite_(\w+)$", line.strip())
        if m:
            names.append(m.group(1))
    return names


# Reports a suite makes on purpose (and checks itself): each block, from
# its first line to "---[ end trace ]---", is not a bad sign there.
KTEST_EXPECTED = {"atomic": "BUG: sleeping function called from invalid context at ",
                  "highmem": "BUG: kunmap_local("}


def expected_reports_cut(suite, log):
    """log without the reports that suite makes on purpose."""
    head = KTEST_EXPECTED.get(suite)
    if not head:
        return log
    return re.sub(re.escape(head) + r".*?---\[ end trace \]---\n", "", log, flags=re.S)


# Suites booted more than once, on other CPUs or with other command-line
# words: (variant, QEMU options, extra words, a line the boot log must
# have, or None). Variant "" is the suite's first boot.
PMEM_BAD = "no persistent memory"
KTEST_VARIANTS = {
    # the cache-flushing copy's implementation, chosen by cpuid at boot
    "flushcache": [
        ("", "", "", "flushcache: movnti stores and sfence (SSE2), 64-byte lines"),
        ("clflushopt", "-cpu max,-sse2", "",
         "flushcache: copy, then clflushopt of each 64-byte line and a fence (no SSE2)"),
        ("clflush", "-cpu pentium3,+clflush", "",
         "flushcache: copy, then clflush of each 64-byte line and a fence (no SSE2)"),
        ("plain", "-cpu pentium2", "",
         "flushcache: plain copies, not cache-flushing on this CPU (no SSE2, no clflush)"),
    ],
    # SMAP and SMEP on where the CPU has them, off on a real P5 (-cpu
    # pentium: no SMAP, SMEP, cmov, fxsr or SSE; the kernel is built for
    # the i486), where every stac/clac site runs as the NOP it was patched
    # to, and off by the command line
    "smap": [
        ("", "", "", "smap: SMEP on, SMAP on"),
        ("pentium", "-cpu pentium", "", "smap: SMEP and SMAP off: the CPU lacks them"),
        ("nosmap", "", "nosmap nosmep", "smap: SMEP off: nosmep, SMAP off: nosmap"),
    ],
    # the vDSO's entry: sysenter where the CPU has it (SEP), else its
    # int $0x80 (arch/x86/vdso.c patches the sysenter out)
    "vdso": [
        ("", "", "", "vdso: system calls through sysenter"),
        ("nosep", "-cpu max,-sep", "", "vdso: system calls through int $0x80"),
        ("pentium", "-cpu pentium", "", "vdso: system calls through int $0x80"),
    ],
    "uaccess": [("", "", "", None), ("pentium", "-cpu pentium", "", None)],
    "iov_iter": [("", "", "", None), ("pentium", "-cpu pentium", "", None)],
    # the page copies on low pages, then with every user and file page high
    "page_copy": [("", "", "", None), ("highmem", "", "highmem=32M", "32MB HIGHMEM available.")],
    # high memory (mm/pmm.c, mm/highmem.c): forced by highmem= on the
    # default machine, above the direct map with -m 2G, and highmem=
    # sizes the kernel refuses with Linux's messages
    "highmem": [
        ("", "", "highmem=32M", "32MB HIGHMEM available."),
        ("2g", "-m 2G", "", "1279MB HIGHMEM available."),
        ("toobig", "", "highmem=1G",
         "highmem size (1024MB) is bigger than pages available (127MB)!"),
        ("lowsmall", "", "highmem=100M",
         "highmem size (100MB) results in <64MB lowmem, ignoring it!"),
        ("2g-toobig", "-m 2G", "highmem=1500M",
         "only 1279MB highmem pages available, ignoring highmem size of 1500MB!"),
    ],
    # /dev/pmem0 over memmap='s region (fs/pmem.c); regions it must refuse
    "pmem": [
        ("", "", "memmap=1M!100M",
         "pmem: /dev/pmem0 on [mem 0x06400000-0x064fffff] (1024 KiB, memmap=)"),
        ("overlap", "", "memmap=1M!1M", "memmap: [mem 0x00100000-0x001fffff] overlaps "
         f"the kernel, the boot modules or the page array: {PMEM_BAD}"),
        ("unaligned", "", "memmap=1000!100M",
         f"memmap: [mem 0x06400000-0x064003e7] is not whole pages: {PMEM_BAD}"),
        ("notram", "", "memmap=1M!200M",
         f"memmap: [mem 0x0c800000-0x0c8fffff] is not available RAM: {PMEM_BAD}"),
        ("form", "", "memmap=1M@100M", "memmap=1M@100M: only memmap=nn[KMG]!ss[KMG] "
         "(persistent memory) is supported; ignored"),
    ],
}


# Suites whose boots print "# MemTotal: N kB": (the variant with a
# memmap= region, one without, the kB the region must take from MemTotal).
KTEST_MEMTOTAL = {"pmem": ("", "form", 1024)}


def case_reasons(log, num):
    """The reason lines ("    # file:line: expected ...") that ktest case
    num of a suite's log printed before its result line."""
    reasons = []
    for line in log.splitlines():
        if re.match(r"^    (not )?ok \d+ ", line):
            if re.match(rf"^    not ok {num} ", line):
                return "\n".join(reasons)
            reasons = []
        elif line.startswith("    # ") and not re.match(r"^    # (Subtest:|case \d+:)", line):
            reasons.append(line[6:])
    return ""


# The reason of a case in which the kernel stopped (tools/labs.py knows
# that the suite's missing results are then accounted for).
CASE_CRASHED = "the suite stopped in this case"


def crashed_case(log, cases):
    """The name of the case the kernel was running when the suite's log
    stops (its "# case N: NAME" line has no result line), or None."""
    done = {num for _, num, _, _ in cases}
    started = re.findall(r"^    # case (\d+): (\S+)$", log, re.M)
    if started and int(started[-1][0]) not in done:
        return started[-1][1]
    return None


def run_ktest():
    suites = ksuites()
    if not suites:
        report(False, "ktest: suites found", "no ktest_suite_* symbols in build/kernel.sym")
    for suite in suites:
        totals = {}
        for variant, opts, words, needle in KTEST_VARIANTS.get(suite, [("", "", "", None)]):
            tag = f"ktest/{suite}" + (f"@{variant}" if variant else "")
            if not wanted(tag):
                continue
            code, log = boot(f"test={suite} {words}".strip(), extra=opts.split())
            _, top = parse_tap(log, "")
            plan, cases = parse_tap(log, "    ")
            for ok, num, name, d in cases:
                report(ok, f"{tag}: {name}", "" if ok else case_reasons(log, num),
                       log if not ok else None)
            m = re.search(r"# MemTotal: (\d+) kB", log)
            if m:
                totals[variant] = int(m.group(1))
            if needle is not None:
                report(needle in log, f"{tag}: the boot log says '{needle}'", "",
                       None if needle in log else log)
            sign = bad_signs(expected_reports_cut(suite, log))
            if code is None or sign or not top or plan is None or plan != len(cases):
                why = "timed out" if code is None else CRASHED if crashed(code, log) else f"exit {code}"
                died_in = crashed_case(log, cases)
                if died_in:
                    report(False, f"{tag}: {died_in}",
                           f"{CASE_CRASHED}: {why}; "
                           f"{sign_where(expected_reports_cut(suite, log), sign)}")
                report(False, f"{tag}: completed",
                       f"{why}; {sign_where(expected_reports_cut(suite, log), sign)}; "
                       f"plan {plan}, {len(cases)} results", log)
        if suite in KTEST_MEMTOTAL:
            with_, without, kb = KTEST_MEMTOTAL[suite]
            if with_ in totals and without in totals:
                report(totals[without] - totals[with_] == kb,
                       f"ktest/{suite}: MemTotal leaves out the region's {kb} kB",
                       f"MemTotal {totals[with_]} kB with it, {totals[without]} kB without")


TRACE_LINE = re.compile(r"^\s*\[<([0-9a-f]{8})>\] ([\w.]+)\+0x([0-9a-f]+)$", re.M)


def trace_disagrees(log):
    """The backtrace lines of log ("[<addr>] name+0xoff") that build/kernel.sym
    contradicts: no symbol name there with name's address + off == addr.
    A walker that printed a saved ebp, or read the wrong slot of a frame,
    names addresses that way."""
    syms = {}
    for line in open(f"{B}/kernel.sym"):
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            syms.setdefault(f[2], set()).add(int(f[0], 16))
    return [m.group(0).strip() for m in TRACE_LINE.finditer(log)
            if int(m.group(1), 16) - int(m.group(3), 16) not in syms.get(m.group(2), ())]


def run_oops():
    trace = ["EIP:", "EAX:", "ESP:", "CR2:", "Call trace:"]
    checks = {
        "null": ["Oops: page fault", "BUG: kernel-mode write to a not-present page at address 0x00000000",
                 "CR2: 00000000", "deliberate_oops+", "kmain+"],
        "write-ro": ["Oops: page fault", "kernel-mode write to a protected page",
                     "deliberate_oops+", "kmain+"],
        "ud2": ["Oops: invalid opcode", "deliberate_oops+", "kmain+"],
        "gp": ["Oops: general protection fault (trap 13, error code 0xfff8)",
               "BUG: selector 0xfff8 (GDT index 8191) cannot be used",
               "deliberate_oops+", "kmain+"],
        "stack": ["Oops: double fault (trap 8",
                  "BUG: kernel stack overflow: ESP", "in the guard page below the boot stack",
                  "EIP: 0008:", "runaway+"],
        "kstack": ["Oops: double fault (trap 8",
                   "BUG: kernel stack overflow: ESP f", "in the guard page below the kernel stack "
                   "of pid 1 (kstack-test)", "runaway+"],
        "double": ["Oops: double fault (trap 8",
                   "BUG: a fault while delivering a fault: ESP fffff000 is not mapped",
                   "deliberate_oops+", "kmain+"],
        # a user page touched outside the stac/clac window, and executed
        "smap": ["Oops: page fault (trap 14, error code 0x1)",
                 "BUG: SMAP violation: kernel-mode read from a protected page at address 0x40000000",
                 "BUG: a user page touched outside user_access_begin()/user_access_end() "
                 "(EFLAGS.AC clear)", "deliberate_oops+", "kmain+"],
        "smep": ["Oops: page fault (trap 14, error code 0x11)",
                 "BUG: SMEP violation: kernel-mode instruction fetch from a protected page at "
                 "address 0x40000000", "BUG: the kernel may not execute a user page",
                 "EIP: 0008:40000000", "kmain+"],
        # copy_to_user's size check (arch/x86/usercopy.c): BUG() on a
        # size that is negative as a long, before anything is copied
        "copy-negative": ["usercopy: copy_to_user: negative size 4294967295 (-1)!",
                          "kernel BUG at arch/x86/usercopy.c:", "Oops: invalid opcode",
                          "copy_to_user+", "deliberate_oops+", "kmain+"],
        # slub_debug's reports: the defect, the byte, where the object was
        # allocated and freed, and who found it (not an oops: no trace check)
        "uaf": ["BUG: kmalloc-", ": use after free", "byte 8 is 0x00, should be 0x6b",
                "Allocated by pid 0:", "Freed by pid 0:", "  [<", "kmalloc_inject+",
                "Call trace:", "debug_alloc+", "kmain+", "---[ end trace ]---"],
        "redzone": ["BUG: kmalloc-", ": red zone overwritten", "byte 40 is 0x00, should be 0xcc",
                    "Allocated by pid 0:", "kmalloc_inject+", "Call trace:", "debug_free+",
                    "kmain+", "---[ end trace ]---"],
        "double-free": ["BUG: kmalloc-", ": double free", "(40 bytes, free)", "Allocated by pid 0:",
                        "Freed by pid 0:", "kmalloc_inject+", "Call trace:", "debug_free+",
                        "kmain+", "---[ end trace ]---", "second free ignored"],
    }
    for what, needles in checks.items():
        if not wanted(f"oops/{what}"):
            continue
        code, log = boot(f"oops={what}")
        heap = what in ("uaf", "redzone", "double-free")
        missing = [n for n in (needles if heap else trace + needles) if n not in log]
        # each fault switch must show the fault it names, and only that one
        extra = not heap and log.count("Oops:") != 1
        why = CRASHED if crashed(code, log) else f"exit {code}; missing: {missing}"
        report(code is not None and not missing and not extra and
               "power off, status 102" in log,
               f"oops/{what}: report is complete",
               why + ("; more than one Oops" if extra else ""),
               log if missing or extra else None)
        # every frame printed names the function its address is in
        bad = trace_disagrees(log)
        report(code is not None and not bad and "Call trace:" in log,
               f"oops/{what}: each trace line agrees with build/kernel.sym",
               f"not where kernel.sym puts it: {bad[0]}" if bad else "no Call trace:",
               log if bad else None)
        if what == "null":
            oops_where_image_lies(log)


def oops_where_image_lies(log):
    """The boot loader puts the kernel image's path first on the command
    line; the kernel skips it, so an oops shows the same registers (some
    point into the command line) wherever the image lies, and the docs'
    generated oopses hold on any clone."""
    d = tempfile.mkdtemp(prefix="mica-image.")
    image = os.path.join(d, "a-much-longer-directory-name-than-build-has", "kernel.elf")
    os.makedirs(os.path.dirname(image))
    os.symlink(os.path.join(ROOT, B, "kernel.elf"), image)
    code, other = boot("oops=null", kernel=image)
    shutil.rmtree(d)
    regs = [re.findall(r"^(?:EIP|EAX|ESI|DS|CR0):.*$", l, re.M) for l in (log, other)]
    diff = [f"{a} / {b}" for a, b in zip(*regs) if a != b]
    report(len(regs[0]) == 5 and regs[0] == regs[1],
           "oops/null: the registers are the same wherever the kernel image lies",
           f"build/kernel.elf / {image}: " + (diff[0] if diff else f"{len(regs[1])} lines"),
           other if regs[0] != regs[1] else None)


def run_grub():
    if not wanted("boot/grub"):
        return
    iso = f"{B}/mica.iso"
    with tempfile.NamedTemporaryFile(prefix="mica-grub.", suffix=".log", delete=False) as t:
        path = t.name
    cmd = QEMU + ["-cdrom", iso, "-serial", f"file:{path}"]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + BOOT_TIMEOUT
    log = ""
    while time.time() < deadline and p.poll() is None:
        log = open(path, errors="replace").read()
        if "init: starting /bin/sh" in log:
            break
        time.sleep(0.5)
    p.kill()
    p.wait()
    log = open(path, errors="replace").read()
    os.unlink(path)
    ok = "Mica 1.0 (i386) booting from GRUB" in log and "init: starting /bin/sh" in log
    report(ok, "boot/grub: the ISO boots through GRUB to the shell", "banner or shell missing", log)


def run_module_paths():
    """The boot loader puts each module's host path first on its command
    line; the kernel keeps the words after it, so run-elf works from a
    temporary directory of any length (here a TMPDIR of 200 characters):
    the program, its arguments and its stdin reach their /run paths."""
    if not wanted("boot/modules"):
        return
    top = tempfile.mkdtemp(prefix="mica-tmpdir.")
    tmp = os.path.join(top, "d" * (200 - len(top) - 1))
    os.makedirs(tmp)
    env = dict(os.environ, TMPDIR=tmp, RUN_ELF_TIMEOUT=str(USER_TIMEOUT))
    try:
        m = subprocess.run(["tools/run-elf", f"{B}/user/cat"], input=b"through /run/stdin\n",
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=USER_TIMEOUT + 30, env=env)
        out, code = m.stdout.decode(errors="replace"), m.returncode
    except subprocess.TimeoutExpired:
        out, code = "timed out", None
    shutil.rmtree(top)
    report(code == 0 and out == "through /run/stdin\n",
           "boot/modules: run-elf works from a TMPDIR of 200 characters (the kernel skips "
           "each module's host path)", f"exit {code}", out)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_gdb():
    if not wanted("boot/gdb"):
        return
    port = free_port()
    q = subprocess.Popen(QEMU + ["-kernel", f"{B}/kernel.elf", "-initrd", f"{B}/initramfs.cpio",
                                 "-append", "test=pmm", "-serial", "null",
                                 "-gdb", f"tcp:127.0.0.1:{port}", "-S"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        g = subprocess.run(["gdb", "-q", "-batch", "-nx",
                            "-ex", f"file {B}/kernel.elf",
                            "-ex", f"target remote 127.0.0.1:{port}",
                            "-ex", "source tools/gdbinit-commands",
                            "-ex", "break pmm_init", "-ex", "continue", "-ex", "bt",
                            "-ex", "extable", "-ex", "kmaps", "-ex", "ptable", "-ex", "vmas",
                            "-ex", "kill"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=BOOT_TIMEOUT)
        out = g.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        out = "gdb timed out"
    finally:
        q.kill()
        q.wait()
    ok = re.search(r"#0\s+.*pmm_init", out) and re.search(r"#1\s+.*kmain", out)
    report(bool(ok), "boot/gdb: gdb stops at pmm_init and bt names kmain", "", out)
    ok = "exception table:" in out and re.search(r"<__copy_to_user_ll\+\d+>\s+-> 0x\w+ <__fixup_start(\+\d+)?>", out)
    report(bool(ok), "boot/gdb: the extable command lists entries with symbols", "", out)
    sites = [r"<__copy_to_user_ll\+\d+>\s+-> .*EX_TYPE_UACCESS$",
             r"<trapret\+\d+>\s+-> .*EX_TYPE_DEFAULT$",
             r"<copy_mc_to_kernel\+\d+>\s+-> .*EX_TYPE_DEFAULT_MCE_SAFE$",
             r"<mc_read_long\+\d+>\s+-> .*EX_TYPE_FAULT_MCE_SAFE$"]
    missing = [r for r in sites if not re.search(r, out, re.M)]
    report(not missing and "EX_TYPE_?" not in out,
           "boot/gdb: the extable command names each entry's type",
           f"no line matches {missing}", out if missing else None)
    ok = ("kmap pool: 0 of 1024 slots taken" in out
          and "local slots of the boot context: 0" in out and re.search(r"^zones: ", out, re.M))
    report(bool(ok), "boot/gdb: the kmaps command shows the zones, the pool and the local slots",
           "", None if ok else out)
    ok = ("no process yet (the kernel is still booting" in out and
          "no process yet: current is NULL" in out and "Traceback" not in out and
          "Python Exception" not in out)
    report(ok, "boot/gdb: ptable and vmas say there is no process yet, before init",
           "", None if ok else out)
    run_gdb_elf()
    run_gdb_terminal()


def pty_read_until(fd, text, seen, timeout):
    """Reads the pseudo-terminal master fd until text appears in the output
    after seen bytes. Returns (the whole output, whether it appeared)."""
    out, end = seen, time.time() + timeout
    while time.time() < end:
        if text.encode() in out[len(seen):]:
            return out, True
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            out += data
    return out, text.encode() in out[len(seen):]


def run_gdb_terminal():
    """make gdb as a person runs it, on a terminal (a pseudo-terminal that
    is the session's controlling terminal, make the foreground job): gdb
    stops at kmain, continue lets the kernel boot to its shell, ^C stops
    it again in gdb (and reaches neither make nor QEMU), ptable lists the
    processes, quit ends make without an error and stops QEMU."""
    if not wanted("boot/gdb"):
        return
    import pty
    port = free_port()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["GDBPORT"] = str(port)
        try:
            os.execvp("make", ["make", "--no-print-directory", "-s", "gdb"])
        finally:
            os._exit(127)
    out, steps = b"", [("", "(gdb) ", 120), ("continue\n", "Continuing.", 30),
                       (None, None, 6), ("\x03", "Program received signal SIGINT", 30),
                       ("", "(gdb) ", 10), ("ptable\n", "pid 1 ", 10), ("", "(gdb) ", 10),
                       ("quit\n", None, 0)]
    failed_at = None
    for keys, want, wait in steps:
        if keys:
            os.write(fd, keys.encode())
        if want is None:
            time.sleep(wait)
            continue
        seen = out
        out, ok = pty_read_until(fd, want, seen, wait)
        if not ok:
            failed_at = want
            break
    status, end = None, time.time() + 30
    while time.time() < end:	# make's last output, then its exit
        out, _ = pty_read_until(fd, "\0", out, 0.1)
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(st)
            break
        time.sleep(0.1)	# the pty can close before make is a zombie
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)
    text = out.decode(errors="replace")
    report(failed_at is None, "boot/gdb: on a terminal, ^C in gdb stops the running kernel "
           "and ptable lists its processes", f"no {failed_at!r} in the output" if failed_at else "",
           text if failed_at else None)
    ok = status == 0 and "make: ***" not in text
    report(ok, "boot/gdb: quitting gdb on a terminal ends make gdb without an error",
           f"make exited {status}", text if not ok else None)
    time.sleep(1)
    alive = subprocess.run(["pgrep", "-f", f"tcp:127.0.0.1:{port}"], stdout=subprocess.PIPE)
    report(alive.returncode != 0, "boot/gdb: QEMU is stopped when gdb quits on a terminal",
           alive.stdout.decode(errors="replace"))


def run_gdb_elf():
    """make gdb ELF=prog: tools/gdb-run boots with the program as run-elf
    does, gdb has its symbols (ubreak main stops in it, not in init), the
    system call can be followed into the kernel, the struct iov_iter and
    struct file pretty-printers work, and QEMU is gone when gdb exits."""
    port = free_port()
    env = dict(os.environ, GDBPORT=str(port))
    cmds = ["delete", "ubreak main", "continue", "bt 1", "ptable", "vmas", "delete",
            "break copy_from_iter", "continue", "p *i", "p *current->files[1]", "kill"]
    argv = ["tools/gdb-run", "--batch"]
    for c in cmds:
        argv += ["-ex", c]
    try:
        g = subprocess.run(argv + [f"{B}/user/echo", "hi"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=BOOT_TIMEOUT, env=env)
        out = g.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        out = "gdb-run timed out"
    ok = (f"localhost:{port}" in out and re.search(r"#0\s+(0x\w+ in )?main ", out) and
          re.search(r"^\* pid 2\s+RUNNING\s+echo$", out, re.M) and
          re.search(r"^  0[0-9a-f]{7}-[0-9a-f]{8} r-x", out, re.M))
    report(bool(ok), "boot/gdb: make gdb ELF=prog stops at the program's main (pid 2) "
           "with its symbols and VMAs", "", None if ok else out)
    ok = (re.search(r"= ITER_\w+ WRITE \(buffers are the source\), count 3, iov_offset 0", out)
          and re.search(r"= O_WRONLY\S*, pos \d+, refcount \d+, inode \d+ \(char dev, size 0\), "
                        r"fop 0x\w+ <\w+>", out))
    report(bool(ok), "boot/gdb: the struct iov_iter and struct file pretty-printers",
           "", None if ok else out)
    time.sleep(1)
    alive = subprocess.run(["pgrep", "-f", f"tcp:127.0.0.1:{port}"], stdout=subprocess.PIPE)
    report(alive.returncode != 0, "boot/gdb: QEMU is stopped when gdb exits",
           alive.stdout.decode(errors="replace"))


# The error the mce tests inject (Intel SDM vol. 3, 16.3.2): MCi_STATUS
# VAL UC EN MISCV ADDRV S AR with MCACOD 0x134 (a data read), i.e. an
# uncorrected, software-recoverable, action-required memory read error;
# MCG_STATUS MCIP | EIPV (the EIP is where the error hit); MISC 0x86 (the
# address is a physical address, recoverable to bit 6: page granular).
MCE_BANK = 1
MCE_STATUS = 0xbd80000000000134
MCE_MCGSTATUS = 0x6
MCE_MISC = 0x86
MCE_TRIES = 8  # an asynchronous injection may land outside the copy: retry
MCE_SETTLE = 0.2  # seconds from the guest's marker to the injection


def monitor_gpa(s, vaddr):
    """The guest-physical address of vaddr in the running guest's current
    address space, from the monitor's gva2gpa on socket s, or None. The
    guest may be in another address space at that moment (the kernel's
    idle loop, init): it answers "Unmapped" then, and is asked again."""
    s.settimeout(0.1)
    for _ in range(50):
        s.sendall(f"gva2gpa {vaddr:#x}\n".encode())
        out, end = b"", time.time() + 1
        while time.time() < end and b"gpa: " not in out and b"Unmapped" not in out:
            try:
                out += s.recv(4096)
            except socket.timeout:
                pass
        m = re.search(rb"gpa: (0x[0-9a-f]+)", out)
        if m:
            return int(m.group(1), 16)
        time.sleep(0.05)
    return None


def boot_inject(append, marker, timeout=BOOT_TIMEOUT, virtual=False, status=None):
    """Boot with a QEMU monitor socket; when the log matches marker (its
    group 1 an address the guest chose: physical, or with virtual a user
    address that gva2gpa translates while that process runs), inject the
    machine check above for that physical address with the monitor's
    `mce cpu bank status mcgstatus addr misc` (status: MCE_STATUS unless
    given). Returns (exit code or None, log, the physical address injected
    or None)."""
    d = tempfile.mkdtemp(prefix="mica-mce.")
    sock, path = os.path.join(d, "monitor.sock"), os.path.join(d, "serial.log")
    cmd = QEMU + ["-kernel", f"{B}/kernel.elf", "-initrd", f"{B}/initramfs.cpio",
                  "-append", f"{DEBUG_CMDLINE} {append}", "-serial", f"file:{path}",
                  "-monitor", f"unix:{sock},server,nowait"]
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    addr, code, end = None, None, time.time() + timeout
    try:
        while time.time() < end:
            try:
                code = p.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                pass
            if addr is None and os.path.exists(path):
                m = re.search(marker, open(path, errors="replace").read())
                if m:
                    # the line is out before its writer is back in its loop
                    # (a console write may still wait for the UART): give
                    # it a moment, or the error lands in the idle loop
                    time.sleep(MCE_SETTLE)
                    addr = int(m.group(1), 16)
                    with socket.socket(socket.AF_UNIX) as s:
                        s.connect(sock)
                        if virtual:
                            addr = monitor_gpa(s, addr)
                            if addr is None:
                                break
                        st = MCE_STATUS if status is None else status
                        s.sendall(f"mce 0 {MCE_BANK} {st:#x} {MCE_MCGSTATUS:#x} "
                                  f"{addr:#x} {MCE_MISC:#x}\n".encode())
                        time.sleep(0.2)  # let the monitor take the line
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    log = open(path, errors="replace").read() if os.path.exists(path) else ""
    shutil.rmtree(d, ignore_errors=True)
    return code, log, addr


def run_mce():
    """Machine checks injected where the guest says (docs/uaccess.md)."""
    fatal = "Kernel panic - not syncing: Fatal machine check"
    if wanted("mce/copy_mc"):
        name = "mce/copy_mc: an injected machine check ends copy_mc_to_kernel short"
        for tries in range(1, MCE_TRIES + 1):
            code, log, addr = boot_inject("test=copy_mc mce_inject",
                                          r"mce: copy_mc: copying, source at phys (0x[0-9a-f]+)")
            if addr is not None and fatal not in log:
                break  # it landed in the copy (or failed for another reason)
        print(f"# mce/copy_mc: landed in the copy on try {tries} of {MCE_TRIES}")
        plan, cases = parse_tap(log, "    ")
        want = ["recovered: machine check in copy_mc_to_kernel+",
                f"Memory failure: {addr >> 12 if addr else 0:#x}: page marked poisoned",
                "selftests done: 0 of 1 suites failed", "mica: power off, status 0"]
        missing = [w for w in want if w not in log]
        bad = [n for ok, num, n, d in cases if not ok or (n == "injected" and "SKIP" in d)]
        ok = (addr is not None and code is not None and not missing and not bad and
              plan is not None and plan == len(cases) and fatal not in log and not bad_signs(log))
        report(ok, name, f"exit {code}; injected at {addr}; missing {missing}; failed {bad}",
               log if not ok else None)
    if wanted("mce/plain"):
        name = "mce/plain: a machine check in a plain memcpy panics with the decoded report"
        for tries in range(1, MCE_TRIES + 1):
            code, log, addr = boot_inject("oops=mce",
                                          r"spinning in memcpy, source at phys (0x[0-9a-f]+)")
            if addr is not None and ("{memcpy+" in log or fatal not in log):
                break  # in memcpy, not in the loop around it (or another failure)
        print(f"# mce/plain: landed in memcpy on try {tries} of {MCE_TRIES}")
        hw = "mce: [Hardware Error]: "
        want = [f"{hw}CPU 0: Machine Check Exception: {MCE_MCGSTATUS:x} Bank {MCE_BANK}: "
                f"{MCE_STATUS:016x}",
                f"{hw}RIP 08:<c", "{memcpy+", f"ADDR {addr or 0:x}", f"MISC {MCE_MISC:x}",
                f"{hw}Bank {MCE_BANK}: STATUS {MCE_STATUS:016x}: VAL UC EN MISCV ADDRV S AR "
                "MCACOD 0x0134",
                f"{hw}Machine check: Action required: data load in error *un*recoverable "
                "area of kernel",
                fatal, "Call trace:", "plain_copy_spin+", "kmain+",
                "mica: power off, status 101"]
        missing = [w for w in want if w not in log]
        report(addr is not None and not missing and "recovered" not in log, name,
               f"exit {code}; injected at {addr}; missing {missing}", log if missing else None)
    if wanted("mce/pcc"):
        # processor context corrupt: not recoverable, even in a safe copy
        name = "mce/pcc: a machine check with PCC panics even in copy_mc_to_kernel"
        pcc = MCE_STATUS | (1 << 57)
        for tries in range(1, MCE_TRIES + 1):
            code, log, addr = boot_inject("test=copy_mc mce_inject",
                                          r"mce: copy_mc: copying, source at phys (0x[0-9a-f]+)",
                                          status=pcc)
            if addr is not None and ("{copy_mc_to_kernel+" in log or fatal not in log):
                break
        print(f"# mce/pcc: landed in the copy on try {tries} of {MCE_TRIES}")
        want = [f"Bank {MCE_BANK}: STATUS {pcc:016x}: VAL UC EN MISCV ADDRV PCC S AR",
                "{copy_mc_to_kernel+", "Machine check: Processor context corrupt", fatal,
                "mica: power off, status 101"]
        missing = [w for w in want if w not in log]
        report(addr is not None and not missing and "recovered" not in log, name,
               f"exit {code}; injected at {addr}; missing {missing}", log if missing else None)
    if wanted("mce/nomca"):
        # no MCA (QEMU's pentium has MCE but no MCG_CAP): machine checks stay
        # off, said in the boot log, and the copies work as before
        code, log = boot("test=copy_mc", extra=("-cpu", "pentium"))
        plan, cases = parse_tap(log, "    ")
        bad = [n for ok, num, n, d in cases if not ok]
        ok = ("mce: not supported" in log and "mce: 10 banks" not in log and not bad and
              plan is not None and plan == len(cases) and not bad_signs(log) and
              "mica: power off, status 0" in log)
        report(ok, "mce/nomca: -cpu pentium boots with \"mce: not supported\", copy_mc works",
               f"exit {code}; failed {bad}", log if not ok else None)
    if wanted("mce/pmem"):
        name = "mce/pmem: a machine check during a readv of /dev/pmem0 gives a short count"
        for tries in range(1, MCE_TRIES + 1):
            code, log, addr = boot_inject(
                "memmap=1M!100M init=/sbin/init -- --exec /bin/pmemvictim 0x6400000",
                r"pmemvictim: reading, poison at phys (0x[0-9a-f]+)")
            if "pmemvictim: preadv came back short" in log:
                break  # it landed in copy_mc_to_iter
        print(f"# mce/pmem: landed in the copy on try {tries} of {MCE_TRIES}")
        want = ["recovered: machine check in __copy_mc_to_user_ll+",
                f"Memory failure: {addr >> 12 if addr else 0:#x}: page marked poisoned",
                "pmemvictim: preadv came back short", "pmemvictim: the bytes before it are right",
                "pmemvictim: reads now stop before the poisoned sector: 524288",
                "pmemvictim: a read of the poisoned sector is EIO",
                "pmemvictim: clears it: the whole device reads again: 1048576",
                "pmemvictim: ok", "init: leak check: ok", "mica: power off, status 0"]
        missing = [w for w in want if w not in log]
        ok = addr is not None and not missing and fatal not in log and not bad_signs(log)
        if (not ok and addr is not None and fatal in log and "RIP 08:<" in log and
                "{__copy_mc_to_user_ll+" not in log):
            # every try's machine check was taken outside the copy (QEMU
            # often takes it at the system-call entry when the host is
            # busy): the kernel panicked as it must, the copy was not tried
            name += f" # SKIP all {MCE_TRIES} injections landed outside the copy"
            ok = True
        report(ok, name, f"exit {code}; injected at {addr}; missing {missing}",
               log if not ok else None)
    if wanted("mce/user"):
        name = "mce/user: a machine check in user mode is SIGBUS BUS_MCEERR_AR at the page"
        for tries in range(1, MCE_TRIES + 1):
            code, log, addr = boot_inject("init=/sbin/init -- --exec /bin/mcevictim",
                                          r"mcevictim: spinning, page at (0x[0-9a-f]+)",
                                          virtual=True)
            if addr is not None and fatal not in log:
                break  # it landed in user mode (or failed for another reason)
        print(f"# mce/user: landed in user mode on try {tries} of {MCE_TRIES}")
        want = [f"Memory failure: {addr >> 12 if addr else 0:#x}: page marked poisoned",
                "uncorrected memory error in user mode: SIGBUS",
                "mcevictim: SIGBUS si_code 4 si_addr 0x",
                ": BUS_MCEERR_AR at the poisoned page", "init: leak check: ok",
                "mica: power off, status 0"]
        missing = [w for w in want if w not in log]
        ok = addr is not None and not missing and fatal not in log and not bad_signs(log)
        report(ok, name, f"exit {code}; injected at {addr}; missing {missing}",
               log if not ok else None)


class Console:
    """A booted kernel whose COM1 (the console) is this end of two pipes:
    what it prints accumulates in self.out, send() types keystrokes."""

    def __init__(self, append=""):
        cmd = QEMU + ["-kernel", f"{B}/kernel.elf", "-initrd", f"{B}/initramfs.cpio",
                      "-append", f"{DEBUG_CMDLINE} {append}".strip(), "-serial", "stdio"]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.out = ""
        self.seen = 0	# expect() looks at the output after this
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            b = self.p.stdout.read1(4096)
            if not b:
                return
            with self.lock:
                self.out += b.decode(errors="replace")

    def send(self, keys, pause=0.02):
        """Types keys one at a time, as a person would."""
        for ch in keys:
            self.p.stdin.write(ch.encode("latin-1"))
            self.p.stdin.flush()
            time.sleep(pause)

    def expect(self, text, timeout=30):
        """Waits until text appears after what expect() matched before.
        Returns whether it did."""
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                i = self.out.find(text, self.seen)
            if i >= 0:
                self.seen = i + len(text)
                return True
            time.sleep(0.05)
        return False

    def close(self, timeout=30):
        """Waits for the machine to power off (or kills it). Returns the
        exit code, or None when it had to be killed."""
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None


def interactive_steps(con, steps, name):
    """Runs (description, keys, expected text, pause) steps on con,
    reporting each; stops at the first that fails. Returns whether all
    passed."""
    for what, keys, want, pause in steps:
        if keys:
            con.send(keys)
        if pause:
            time.sleep(pause)
        ok = con.expect(want) if want else True
        report(ok, f"{name}: {what}", f"no {want!r} in the output", con.out if not ok else None)
        if not ok:
            return False
    return True


def run_interactive():
    """make run as a person uses it: keystrokes typed on the serial console
    of a normal boot, with pauses, and the screen checked. Mica's sh: ^C
    interrupts cat and the shell goes on, ^Z stops a job that fg brings
    back; busybox ash (started from it): ^Z and fg of a sleep, jobs, a
    background job, history with the up arrow."""
    if not wanted("interactive/"):
        return
    con = Console()
    sh = [("the shell prompts", "", "$ ", 0),
          ("cat runs", "cat\r", "cat", 1.0),
          ("^C interrupts cat", "\x03", "^C", 0),
          ("the shell prompts again", "", "$ ", 0),
          ("and survives", "echo alive\r", "alive", 0),
          ("^Z stops a job", "busybox sleep 100\r", None, 1.5),
          ("the shell reports it", "\x1a", "Stopped", 0),
          ("jobs lists it", "jobs\r", "Stopped", 0),
          ("fg brings it back", "fg\r", "busybox sleep 100", 1.0),
          ("^C ends it", "\x03", "$ ", 0)]
    ash = [("busybox ash starts", "busybox ash\r", "/ # ", 0),
           ("a sleep runs", "sleep 100\r", None, 1.5),
           ("^Z stops it", "\x1a", "Stopped", 0),
           ("fg continues it", "fg\r", "sleep 100", 1.0),
           ("^C ends it", "\x03", "/ # ", 0),
           ("a command runs", "echo hist$((40+2))\r", "hist42", 0),
           ("the up arrow brings it back", "\x1b[A", "echo hist$((40+2))", 0),
           ("and runs it again", "\r", "hist42", 0),
           ("a background job", "sleep 100 &\r", "/ # ", 0),
           ("jobs shows it running", "jobs\r", "Running", 0),
           ("kill %1 ends it", "kill %1\r", "/ # ", 0),
           ("exit goes back to sh", "exit\r", "$ ", 0),
           ("and sh's exit powers off", "exit\r", "mica: power off", 0)]
    done = interactive_steps(con, sh, "interactive/sh") and \
        interactive_steps(con, ash, "interactive/ash")
    code = con.close(30 if done else 1)
    sign = bad_signs(con.out)
    report(done and code is not None and not sign,
           "interactive/boot: no oops or panic, and the machine powers off",
           f"exit {code}; {sign or ''}", con.out)
    # as Linux's "Linux version" line, the banner comes before anything
    # the early set-up (smap:, alternatives:, extable:, mce:) prints
    first = [l for l in con.out.splitlines() if l.strip() and not l.startswith("qemu")][:1]
    report(first == ["Mica 1.0 (i386) booting from qemu"],
           "interactive/banner: the kernel's first line is its banner",
           f"the first line is {first}", con.out)


def tap_points(out):
    _, pts = parse_tap(out, "")
    return pts


def point_lines(out, num):
    """The top-level TAP line of point num in out and the diagnostic ('#')
    lines that follow it, or None when out has no such point."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = TAP_LINE.match(line)
        if m and not line.startswith(" ") and int(m.group(2)) == num:
            block = [line]
            for more in lines[i + 1:]:
                if not more.startswith("#"):
                    break
                block.append(more)
            return "\n".join(block)
    return None


def first_difference(a, b):
    """The first line where texts a and b differ, from each side, with its
    line number ("(end)" where one text stops first); None if equal."""
    la, lb = a.splitlines(), b.splitlines()
    for i in range(max(len(la), len(lb))):
        x = la[i] if i < len(la) else "(end)"
        y = lb[i] if i < len(lb) else "(end)"
        if x != y:
            return i + 1, x, y
    return None


def leak_check(name, klog):
    """One point: init's leak check (user/leakcheck.c) found the kernel's
    free pages and kmalloc objects as they were before the program."""
    leaks = [l.strip() for l in klog.splitlines() if l.startswith("init: leak:")]
    if leaks:
        why = "\n".join(leaks)
    elif "init: leak check: ok" not in klog:
        why = "the kernel log has no 'init: leak check: ok' line"
    else:
        why = ""
    report(not why, f"{name}: no kernel memory leaked", why, klog if why else None)


# The user tests of user memory access that run again without SMAP/SMEP.
PENTIUM2_TESTS = ["proc_badptr", "iov_readv", "iov_writev", "iov_prw", "proc_signals",
                  "proc_sigaltstack", "proc_sigmisc", "proc_exec", "exec_auxv", "proc_futex",
                  "proc_cow", "fs_pipe", "fs_rw", "proc_eflags_ac", "proc_vdso"]

# User tests that run on Mica a second time on another CPU, against the same
# Linux output: (variant name, extra QEMU options).
USER_VARIANTS = {
    # the fnsave FPU layout of CPUs without FXSR (sigreturn's sanitising)
    "proc_sigfpu": [("nofxsr", "-cpu pentium2,-fxsr")],
    # each implementation of the cache-flushing copy (arch/x86/flushcache.c):
    # movnti is the default CPU's; clflushopt without SSE2; clflush alone;
    # neither (plain copies)
    "pmem_rw": [("clflushopt", "-cpu max,-sse2"), ("clflush", "-cpu pentium3,+clflush"),
                ("plain", "-cpu pentium2")],
    # the vDSO on a CPU without sysenter: its int $0x80 (no fast entry)
    "proc_vdso": [("nosep", "-cpu max,-sep")],
    # file reads and writes into and out of user memory that is all high
    # (-m 2G: alloc_highuser_page gives every user and file page from
    # above the direct map), so every page copy goes through kmap_local
    "iov_pagecopy": [("2g", "-m 2G")],
}


# User tests whose every Mica boot has these extra kernel command-line words.
USER_CMDLINE = {
    # /dev/pmem0 over 1 MiB of RAM at 100 MiB (fs/pmem.c)
    "pmem_rw": "memmap=1M!100M",
}
# A CPU without SMAP and SMEP: the stac/clac sites are NOPs there. The
# Pentium II, not the Pentium: the test programs (musl's and glibc's i686
# builds) use cmov, which the Pentium lacks.
for _t in PENTIUM2_TESTS:
    USER_VARIANTS.setdefault(_t, []).append(("pentium2", "-cpu pentium2"))


def run_on_mica(name, prog, native, ncode, qemu_opts=""):
    """Runs prog on Mica and reports each point against the native output."""
    words = USER_CMDLINE.get(os.path.basename(prog), "")
    env = dict(os.environ, RUN_ELF_TIMEOUT=str(USER_TIMEOUT),
               RUN_ELF_CMDLINE=f"{DEBUG_CMDLINE} {words}".strip())
    if qemu_opts:
        env["QEMU_OPTS"] = (env.get("QEMU_OPTS", "") + " " + qemu_opts).strip()
    with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
        env["RUN_ELF_LOG"] = kl.name
    try:
        m = subprocess.run(["tools/run-elf", prog], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=USER_TIMEOUT + 30, env=env)
        mica, mcode = m.stdout.decode(errors="replace"), m.returncode
    except subprocess.TimeoutExpired:
        mica, mcode = "timed out", None
    klog = open(env["RUN_ELF_LOG"], errors="replace").read()
    os.unlink(env["RUN_ELF_LOG"])
    npts = {num: (ok, nm, d) for ok, num, nm, d in tap_points(native)}
    mpts = tap_points(mica)
    plan, _ = parse_tap(mica, "")
    for ok, num, nm, d in mpts:
        why = []
        if not ok:
            why.append("fails on Mica")
        nat = npts.get(num)
        skip = "SKIP" in d.upper() or (nat and "SKIP" in nat[2].upper())
        if nat is None:
            why.append("no such point natively")
        elif not skip and nat[0] != ok:
            why.append(f"Linux says {'ok' if nat[0] else 'not ok'}, Mica says {'ok' if ok else 'not ok'}")
        elif not skip and not nat[0]:
            why.append("fails on Linux too: the test's expectation is wrong")
        report(not why, f"{name}: {nm}", "; ".join(why),
               f"---- Linux ----\n{point_lines(native, num) or '(no such point)'}\n"
               f"---- Mica ----\n{point_lines(mica, num)}" if why else None)
    leak_check(name, klog)
    sign = bad_signs(klog)
    crash = CRASHED in mica
    if (mcode is None or sign or crash or plan is None or plan != len(mpts) or
            (mcode != 0) != (ncode != 0)):
        report(False, f"{name}: completed",
               f"{CRASHED + '; ' if crash else ''}Mica exit {mcode}, Linux exit {ncode}, "
               f"plan {plan}, {len(mpts)} results; {sign_where(klog, sign)}",
               # the whole log only when the run itself went wrong, not when
               # the status differs because a point above failed
               mica + "\n---- kernel log ----\n" + klog
               if mcode is None or sign or crash or plan is None or plan != len(mpts) else None)


def run_leakcheck():
    """init's leak check can fail: a shell run that only makes a /tmp file
    (which init removes) must say ok, and one that grows a file that was
    there before (memory that stays after the run) must report the pages."""
    cases = [("clean", "echo hi > /tmp/leakcheck\n", True),
             ("kept", "cat /bin/cat >> /etc/motd\n", False)]
    for what, script, clean in cases:
        name = f"leakcheck/{what}"
        if not wanted(name):
            continue
        env = dict(os.environ, RUN_ELF_TIMEOUT=str(USER_TIMEOUT), RUN_ELF_CMDLINE=DEBUG_CMDLINE,
                   RUN_ELF_KLOG="1")
        try:
            m = subprocess.run(["tools/run-elf", f"{B}/user/sh"], input=script.encode(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=USER_TIMEOUT + 30, env=env)
            klog = m.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            klog = "timed out"
        if clean:
            ok = ("init: leak check: ok" in klog and "removed 1 files" in klog and
                  "/tmp/leakcheck" in klog and "init: leak:" not in klog)
            desc = "a run that keeps no memory is ok, and its file is removed"
        else:
            ok = (re.search(r"^init: leak: \d+ pages", klog, re.M) is not None and
                  "run-elf: kernel memory leak after the program:" in klog and
                  "init: leak check: ok" not in klog)
            desc = "memory kept after the run is reported in pages"
        report(ok, f"{name}: {desc}", "", None if ok else klog)


def drain(fd):
    """Reads fd (a pseudo-terminal's master) until it fails: what the
    program echoes or writes to its terminal is not looked at."""
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass


NATIVE_RUNS = {}	# prog -> (output, exit code) of its native run, for the highmem group


def run_native(prog):
    """Runs prog on this Linux host from a clean cwd. Returns its output
    and exit code (None when it timed out); remembers them in NATIVE_RUNS. A tty_* program gets a
    pseudo-terminal's slave as stdin, in a session of its own without a
    controlling terminal (user/tests/term.h), as the console is on Mica."""
    scratch = tempfile.mkdtemp(prefix="mica-native.")	# a clean cwd
    stdin, master = subprocess.DEVNULL, None
    if os.path.basename(prog).startswith("tty_"):
        master, stdin = os.openpty()
        threading.Thread(target=drain, args=(master,), daemon=True).start()
    try:
        n = subprocess.run([prog], stdin=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=USER_TIMEOUT, cwd=scratch,
                           start_new_session=master is not None)
        NATIVE_RUNS[prog] = (n.stdout.decode(errors="replace"), n.returncode)
        return NATIVE_RUNS[prog]
    except subprocess.TimeoutExpired:
        return "timed out", None
    finally:
        if master is not None:
            os.close(stdin)
            os.close(master)
        shutil.rmtree(scratch, ignore_errors=True)


def run_user():
    """Every user test program, built with musl (user/NAME, and its
    USER_VARIANTS) and with glibc (user/NAME@glibc; a few also linked
    dynamically, user/NAME@glibc-dyn), runs natively and on Mica; each
    build is compared with its own native run. Only programs
    whose source is in the tree run: a binary left in build/ by a test
    that was removed or renamed does not."""
    tests = sorted(f for f in os.listdir(f"{B}/user/tests")
                   if os.path.exists(f"user/tests/{f}.c"))
    for t in tests:
        name = f"user/{t}"
        variants = [(v, o) for v, o in USER_VARIANTS.get(t, []) if wanted(f"{name}@{v}")]
        if wanted(name) or variants:
            prog = os.path.join(ROOT, B, "user/tests", t)
            native, ncode = run_native(prog)
            if wanted(name):
                run_on_mica(name, prog, native, ncode)
            for v, opts in variants:
                run_on_mica(f"{name}@{v}", prog, native, ncode, opts)
        for build, variant in (("user-glibc", "glibc"), ("user-glibc-dyn", "glibc-dyn")):
            gprog = os.path.join(ROOT, B, build, "tests", t)
            if wanted(f"{name}@{variant}") and os.path.exists(gprog):
                native, ncode = run_native(gprog)
                run_on_mica(f"{name}@{variant}", gprog, native, ncode)


# The dyn group: the programs of user/dyn/, linked dynamically with each C
# library (build/user-dyn/LIBC/NAME; hello also without PIE, LIBC-nopie).
# For each library, the loader natively and the file that is it on Mica.
DYN_LOADERS = {
    "glibc": ("/lib/ld-linux.so.2", f"{B}/pkgs/libc6/lib/i386-linux-gnu/ld-linux.so.2"),
    "musl": ("/lib/ld-musl-i386.so.1", "/usr/lib/i386-linux-musl/libc.so"),
}
DYN_ARGS = ["one", "two words"]


def run_exact(name, native_cmd, mica_cmd):
    """Runs native_cmd on this host and mica_cmd (a tools/run-elf command
    line) and reports whether the two give the same stdout and exit
    status, and the kernel log is clean and without a leak."""
    def run(cmd, env=None):
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=USER_TIMEOUT + 30, env=env)
            return p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), p.returncode
        except subprocess.TimeoutExpired:
            return "", "timed out", None
    nout, nerr, ncode = run(native_cmd)
    env = dict(os.environ, RUN_ELF_TIMEOUT=str(USER_TIMEOUT), RUN_ELF_CMDLINE=DEBUG_CMDLINE)
    with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
        env["RUN_ELF_LOG"] = kl.name
    mout, merr, mcode = run(mica_cmd, env)
    klog = open(env["RUN_ELF_LOG"], errors="replace").read()
    os.unlink(env["RUN_ELF_LOG"])
    sign = bad_signs(klog) or (CRASHED if CRASHED in merr else None)
    same = (nout, ncode) == (mout, mcode) and ncode is not None
    diff = first_difference(nout, mout)
    report(same and not sign, f"{name}: same output and exit status as on Linux",
           f"Linux: status {ncode}; Mica: status {mcode}" + (f"; {sign}" if sign else "") +
           (f"\nfirst difference, line {diff[0]}:\n  Linux: {diff[1]}\n  Mica:  {diff[2]}"
            if diff else ""),
           None if same and not sign else
           (f"---- Linux stderr ----\n{nerr}\n---- Mica stderr ----\n{merr}\n" if not diff else "") +
           f"---- kernel log ----\n{klog}")
    leak_check(name, klog)


def run_dyn():
    """Every program of user/dyn/ in every build of it, natively and on
    Mica: a dyn_* program prints TAP and is compared point by point as a
    user test; any other (hello) by its whole output and exit status, and
    once more started by its loader (ldso-NAME@LIBC: ld.so PROGRAM ARGS)."""
    top = f"{B}/user-dyn"
    builds = sorted(os.listdir(top)) if os.path.isdir(top) else []
    for libc in builds:
        for t in sorted(os.listdir(f"{top}/{libc}")):
            if not os.path.exists(f"user/dyn/{t}.c"):
                continue
            name, prog = f"dyn/{t}@{libc}", os.path.join(ROOT, top, libc, t)
            if t.startswith("dyn_"):
                if wanted(name):
                    native, ncode = run_native(prog)
                    run_on_mica(name, prog, native, ncode)
                continue
            if wanted(name):
                run_exact(name, [prog] + DYN_ARGS, ["tools/run-elf", prog] + DYN_ARGS)
            if libc in DYN_LOADERS and wanted(f"dyn/ldso-{t}@{libc}"):
                native_ld, mica_ld = DYN_LOADERS[libc]
                run_exact(f"dyn/ldso-{t}@{libc}", [native_ld, prog] + DYN_ARGS,
                          ["tools/run-elf", "--add", f"{prog}=/run/{t}", mica_ld,
                           f"/run/{t}"] + DYN_ARGS)


# The fuzz group: seeds, calls per seed, and extra fuzzer options. The
# defaults are make test's budget (about 20 s a seed under TCG);
# make fuzz SEED=... CALLS=... sets the first two.
FUZZ_SEEDS = os.environ.get("FUZZ_SEEDS", "1 2 3").split()
FUZZ_CALLS = int(os.environ.get("FUZZ_CALLS", "50000"))
FUZZ_ARGS = os.environ.get("FUZZ_ARGS", "")
FUZZ_MIN_RATE = 400	# calls a second the timeout allows for (TCG does ~3000)


def run_fuzz():
    """Runs build/user/fuzz on Mica (never natively: it makes random
    system calls) once per seed, through run-elf as the user tests run, so
    init's leak check covers it too. Prints the fuzzer's summary."""
    prog = os.path.join(ROOT, B, "user/fuzz")
    for seed in FUZZ_SEEDS:
        name = f"fuzz/seed-{seed}"
        if not wanted(name):
            continue
        timeout = 60 + FUZZ_CALLS // FUZZ_MIN_RATE
        env = dict(os.environ, RUN_ELF_TIMEOUT=str(timeout), RUN_ELF_CMDLINE=DEBUG_CMDLINE)
        with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
            env["RUN_ELF_LOG"] = kl.name
        cmd = ["tools/run-elf", prog, "-s", seed, "-n", str(FUZZ_CALLS)] + FUZZ_ARGS.split()
        try:
            m = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=timeout + 30, env=env)
            out, code = m.stdout.decode(errors="replace"), m.returncode
        except subprocess.TimeoutExpired:
            out, code = "timed out", None
        klog = open(env["RUN_ELF_LOG"], errors="replace").read()
        os.unlink(env["RUN_ELF_LOG"])
        sign = bad_signs(klog)
        why = []
        if code == 124 or code is None:
            why.append(f"timed out after {timeout} s: a hang")
        elif CRASHED in out:
            why.append(CRASHED)
        if sign:
            why.append(f"the kernel log has '{sign}'")
        if "fuzz: ok" not in out.splitlines():
            why.append("the fuzzer did not end with 'fuzz: ok'")
        elif code != 0:
            why.append(f"exit status {code}")
        report(not why, f"{name}: {FUZZ_CALLS} random calls, no oops, panic, hang or failed check",
               "; ".join(why), (out + "\n---- kernel log ----\n" + klog) if why else None)
        leak_check(name, klog)
        for line in out.splitlines():
            if line.startswith("fuzz: ") and not re.match(r"fuzz: \d+ calls, \d+ lives$", line):
                print(f"# {line}")
        sys.stdout.flush()


# The faultsweep group: the user test programs under user-copy fault
# injection (user/faultsweep.c), one boot per (name, fail_usercopy= value):
# 1% and 5% at random with a fixed seed, and every 61st copy (interval,
# probability 100), which lets most programs get past their execve. The
# command line arms fail_usercopy with times 0 and faultsweep starts it.
# The slowest programs (a second or more each even without faults) and
# the fail_usercopy tests (they set the knobs themselves) stay out.
FAULTSWEEP_RUNS = [("p1-seed11", "1,1,0,0 fail_usercopy_seed=11"),
                   ("p5-seed12", "1,5,0,0 fail_usercopy_seed=12"),
                   ("every61", "61,100,0,0")]
FAULTSWEEP_SKIP = {"exec_elf", "fs_fifo", "proc_alarm", "proc_baseline", "proc_futex",
                   "proc_nanosleep", "proc_oom", "proc_rlimit", "proc_rusage", "proc_segfuzz",
                   "proc_signals", "proc_sigrestart", "proc_timers", "proc_wakeups",
                   "stress_cycles", "tty_jobctl"}
FAULTSWEEP_PROG_TIMEOUT = 2	# seconds a program may run before it is killed
FAULTSWEEP_TIMEOUT = 240


def run_faultsweep():
    """Runs build/user/faultsweep on Mica over the user test programs
    (from the initramfs's /tests) with fail_usercopy at each probability:
    the command line must arm it as given, some failures must be injected,
    every program must exit or be killed normally ("faultsweep: ok"), the
    kernel must not oops or panic, and init's leak check (after the
    injection is off) must find every page and kmalloc object back."""
    progs = sorted(f for f in os.listdir(f"{B}/user/tests")
                   if os.path.exists(f"user/tests/{f}.c") and f not in FAULTSWEEP_SKIP and
                   not f.startswith("fail_usercopy"))
    for what, arg in FAULTSWEEP_RUNS:
        name = f"faultsweep/{what}"
        if not wanted(name):
            continue
        interval, prob = arg.split(",")[:2]
        env = dict(os.environ, RUN_ELF_TIMEOUT=str(FAULTSWEEP_TIMEOUT),
                   RUN_ELF_CMDLINE=f"{DEBUG_CMDLINE} fail_usercopy={arg}")
        with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
            env["RUN_ELF_LOG"] = kl.name
        cmd = ["tools/run-elf", os.path.join(ROOT, B, "user/faultsweep"), "-t",
               str(FAULTSWEEP_PROG_TIMEOUT)] + [f"/tests/{p}" for p in progs]
        try:
            m = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=FAULTSWEEP_TIMEOUT + 30, env=env)
            out, code = m.stdout.decode(errors="replace"), m.returncode
        except subprocess.TimeoutExpired:
            out, code = "timed out", None
        klog = open(env["RUN_ELF_LOG"], errors="replace").read()
        os.unlink(env["RUN_ELF_LOG"])
        why = []
        if f"faultsweep: knobs interval {interval} probability {prob} space 0 times 0" not in out:
            why.append("the command line did not set the knobs")
        summary = re.search(r"^faultsweep: (\d+) programs, (\d+) failures injected.*$", out, re.M)
        if not summary or int(summary.group(1)) != len(progs):
            why.append(f"not every one of the {len(progs)} programs ran")
        elif int(summary.group(2)) == 0:
            why.append("no failure was injected")
        if code is None or code == 124:
            why.append("timed out: a hang")
        elif CRASHED in out:
            why.append(CRASHED)
        elif "faultsweep: ok" not in out.splitlines() or code != 0:
            why.append(f"faultsweep did not end with 'faultsweep: ok' (exit {code})")
        sign = bad_signs(klog)
        if sign:
            why.append(f"the kernel log has '{sign}'")
        rate = f"{prob}%" if interval == "1" else f"interval {interval}"
        report(not why, f"{name}: {len(progs)} programs under fail_usercopy ({rate}), "
               "no oops, panic or hang", "; ".join(why),
               (out + "\n---- kernel log ----\n" + klog) if why else None)
        leak_check(name, klog)
        for line in out.splitlines():
            if re.match(r"faultsweep: (\d+ programs|\d+ mounts)", line):
                print(f"# {line}")
        sys.stdout.flush()


# The highmem group: every user test program (the musl builds) once more,
# all in one boot of a machine whose user and file pages are all high
# memory: -m 2G puts 1279 MiB above the 768 MiB direct map, and
# alloc_highuser_page takes high pages while there are any. The programs
# run one after another under user/suiterun.c, each compared point by
# point with its native run as the user group does; suiterun's vmstat
# lines show, per program, that no user or file page came from low memory
# (highuser_fallback did not move) and, for the whole boot, that the
# atomic page copies and the high allocations happened (copy_page_atomic,
# highuser_high). Left out: the programs that exhaust memory on purpose (they take high memory to its end, and then
# low memory: the fallback is their point), the fail_usercopy ones (they
# arm fault injection for the processes after them), proc_pgrp (it
# checks that its parent is init, and here it is suiterun) and
# stress_cycles (it counts the whole machine's kmalloc objects, which the
# pipe carrying its output to suiterun may hold one more of).
HIGHMEM_QEMU = "-m 2G"
HIGHMEM_WORDS = "memmap=1M!100M"	# /dev/pmem0 for pmem_rw, in low memory
HIGHMEM_SKIP = {"proc_oom", "proc_oomkill", "stress_fill", "stress_forkbomb", "fs_full",
                "fs_bigfile", "fs_rename", "proc_pgrp", "stress_cycles"}
HIGHMEM_PROG_TIMEOUT = 60	# seconds a program may run before it is killed
HIGHMEM_TIMEOUT = 420
HIGHMEM_FRAME = re.compile(r"^suiterun: begin (\S+)\n(.*?)^suiterun: end \1 ([^\n]*)\n"
                           r"^suiterun: vmstat \1([^\n]*)$", re.M | re.S)


def vmstat_deltas(text):
    """{field: delta} from a suiterun vmstat line's "field +N" pairs."""
    words = text.split()
    return {words[k]: int(words[k + 1]) for k in range(0, len(words) - 1, 2)}


def point_mismatches(mica, native):
    """The TAP points of mica that fail or disagree with native, as
    "N name: why" strings, and whether the plan matched the results."""
    npts = {num: (ok, d) for ok, num, nm, d in tap_points(native)}
    plan, _ = parse_tap(mica, "")
    mpts = tap_points(mica)
    bad = []
    for ok, num, nm, d in mpts:
        nat = npts.get(num)
        skip = "SKIP" in d.upper() or (nat and "SKIP" in nat[1].upper())
        if not ok:
            bad.append(f"{num} {nm}: fails on Mica")
        elif nat is None:
            bad.append(f"{num} {nm}: no such point natively")
        elif not skip and not nat[0]:
            bad.append(f"{num} {nm}: Linux says not ok")
    return bad, plan is not None and plan == len(mpts), len(mpts)


def run_highmem():
    """Runs every user test program in one -m 2G boot (user/suiterun.c)
    and reports, per program, its points against Linux and that none of
    its user or file pages came from low memory; then the boot's own
    checks: every program ran, the page copies went through kmap_atomic,
    user pages came from high memory, no oops or leak."""
    progs = sorted(f for f in os.listdir(f"{B}/user/tests")
                   if os.path.exists(f"user/tests/{f}.c") and f not in HIGHMEM_SKIP and
                   not f.startswith("fail_usercopy"))
    if not any(wanted(f"highmem/{p}") for p in progs + ["boot"]):
        return
    env = dict(os.environ, RUN_ELF_TIMEOUT=str(HIGHMEM_TIMEOUT),
               RUN_ELF_CMDLINE=f"{DEBUG_CMDLINE} {HIGHMEM_WORDS}",
               QEMU_OPTS=(os.environ.get("QEMU_OPTS", "") + " " + HIGHMEM_QEMU).strip())
    with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
        env["RUN_ELF_LOG"] = kl.name
    cmd = ["tools/run-elf", os.path.join(ROOT, B, "user/suiterun"), "-t",
           str(HIGHMEM_PROG_TIMEOUT)] + [f"/tests/{p}" for p in progs]
    start = time.time()
    try:
        m = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=HIGHMEM_TIMEOUT + 30, env=env)
        out, code = m.stdout.decode(errors="replace"), m.returncode
    except subprocess.TimeoutExpired:
        out, code = "timed out", None
    klog = open(env["RUN_ELF_LOG"], errors="replace").read()
    os.unlink(env["RUN_ELF_LOG"])
    frames = {f.group(1): (f.group(2), f.group(3), vmstat_deltas(f.group(4)))
              for f in HIGHMEM_FRAME.finditer(out)}
    for p in progs:
        name = f"highmem/{p}"
        if not wanted(name):
            continue
        if p not in frames:
            report(False, f"{name}: runs with every user page high", "no output frame", out[-3000:])
            continue
        mica, end, deltas = frames[p]
        prog = os.path.join(ROOT, B, "user/tests", p)
        native, ncode = NATIVE_RUNS.get(prog) or run_native(prog)
        bad, complete, npts = point_mismatches(mica, native)
        why = bad[:8]
        if not complete:
            why.append("the plan and the results differ")
        mexit = re.match(r"exit (\d+)$", end)
        if not mexit or (int(mexit.group(1)) != 0) != (ncode != 0):
            why.append(f"Mica ended with '{end}', Linux with exit {ncode}")
        if deltas.get("highuser_fallback", 0):
            why.append(f"{deltas['highuser_fallback']} user or file pages came from low memory")
        report(not why, f"{name}: {npts} points as on Linux, every user page high", "; ".join(why),
               (mica + "\n---- Linux ----\n" + native) if why else None)
    if not wanted("highmem/boot"):
        return
    totals = dict((m.group(1), int(m.group(2)))
                  for m in re.finditer(r"^suiterun: vmstat total (\S+) (-?\d+)$", out, re.M))
    why = []
    if code is None or code == 124:
        why.append("timed out")
    elif CRASHED in out:
        why.append(CRASHED)
    elif "suiterun: ok" not in out.splitlines() or f"suiterun: {len(progs)} programs" not in out:
        why.append(f"suiterun did not run all {len(progs)} programs and say ok (exit {code})")
    if "1279MB HIGHMEM available." not in klog:
        why.append("the boot log has no '1279MB HIGHMEM available.'")
    if totals.get("highuser_fallback", -1) != 0:
        why.append(f"highuser_fallback is {totals.get('highuser_fallback')}, not 0")
    if totals.get("highuser_high", 0) <= 0:
        why.append("no user page came from high memory (highuser_high)")
    if totals.get("copy_page_atomic", 0) <= 0 or totals.get("copy_page_fallback", 0) <= 0:
        why.append("the page copies did not go through both kmap_atomic and the kmap fallback")
    sign = bad_signs(klog)
    if sign:
        why.append(f"the kernel log has '{sign}'")
    report(not why, f"highmem/boot: {len(progs)} programs in one -m 2G boot, all user and file "
           "pages high, no oops", "; ".join(why), (out[-4000:] + "\n---- kernel log ----\n" +
                                                   klog[-4000:]) if why else None)
    leak_check("highmem/boot", klog)
    print(f"# highmem: {len(progs)} programs in {time.time() - start:.0f} s; " +
          ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    sys.stdout.flush()


def run_style():
    """The tree's own rules, checked like tests: every kernel source is
    formatted as .clang-format says (make format-check), and every kernel
    function definition has its contract comment (tools/check-contracts.py)."""
    checks = [("style/format", "every kernel source is clang-formatted",
               ["make", "-s", "--no-print-directory", "format-check"]),
              ("style/contracts", "every kernel function has a contract comment",
               [sys.executable, "tools/check-contracts.py"])]
    checks.append(("style/sparse", "sparse reports nothing on any kernel source (make check)",
                   ["make", "-s", "--no-print-directory", "check"]))
    for name, what, cmd in checks:
        if not wanted(name):
            continue
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = p.stdout.decode(errors="replace")
        report(p.returncode == 0, f"{name}: {what}", "", out if p.returncode else None)
    if wanted("style/docs:") or wanted("style/docs-generated"):
        docs_names()
    if wanted("style/sparse-bites"):
        sparse_bites()
    if wanted("style/commits"):
        commit_subjects()


# A document that names what the tree does not have: tools/check-docs.py
# must report each name, so a rename that leaves a doc behind fails. (The
# missing symbol is put together here, so that this file does not hold it.)
MISSING_SYM = "no_such" + "_function"
DOCS_BITES = (f"See `kernel/no_such_file.c` and `{MISSING_SYM}()` in `lib/iov_iter.c`; "
              "`copy_to_iter` in `fs/pipe.c`; `make no-such-target`; Linux's `d_path`.\n"
              "It faults at lib/iov_iter" + ".c:123, in copy_to_user" + "+0x1a at 0xc0" + "101234.\n",
              ["no such file or test: kernel/no_such_file.c",
               f"no such symbol in the tree: {MISSING_SYM}",
               "copy_to_iter is not in fs/pipe.c", "no such make target: no-such-target",
               "a hand-copied source line number: lib/iov_iter.c:123",
               "a hand-copied offset: copy_to_user+0x1a", "a hand-copied address: 0xc0101234"])
# A generated block as the build gave it, then made stale: the line that
# gives __copy_to_user_ll's address is changed (docs/testing.md,
# **Docs that cannot go stale**)
GEN_BITES_CMD = "i686-linux-gnu-nm build/kernel.elf | grep -w __copy_to_user_ll"


def docs_names():
    """style/docs: every file, symbol, test and make target that README.md,
    docs/ and labs/*/README.md name exists and no hand-copied line number,
    address or offset is quoted (tools/check-docs.py), every generated block
    is what the build gives now (tools/doc-transcripts.py --check), and each
    checker reports what it must in a document made to be stale."""
    if wanted("style/docs:"):
        docs_checked()
    if wanted("style/docs-generated") and os.path.exists(".handout"):
        # a student's tree: the stubs change the build the blocks show
        print("# style/docs-generated: skipped in a handout (the docs show the complete tree)")
    elif wanted("style/docs-generated"):
        docs_generated()


def docs_checked():
    """style/docs: tools/check-docs.py passes, and bites on a stale doc."""
    p = subprocess.run([sys.executable, "tools/check-docs.py"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    report(p.returncode == 0, "style/docs: every file, symbol, test and make target the docs "
           "name exists, and no line number, address or offset is copied by hand", out, None)
    with tempfile.TemporaryDirectory() as d:
        doc = os.path.join(d, "stale.md")
        with open(doc, "w") as f:
            f.write(DOCS_BITES[0])
        p = subprocess.run([sys.executable, "tools/check-docs.py", doc],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    missing = [w for w in DOCS_BITES[1] if w not in out]
    report(p.returncode == 1 and not missing and "d_path" not in out,
           "style/docs: a stale file, symbol, place, make target, line number, address and "
           "offset are each reported (a Linux name is not)",
           f"not reported: {missing}" if missing else out, None)


def docs_generated():
    """style/docs-generated: tools/doc-transcripts.py --check passes, and
    bites on a generated block made stale."""
    start = time.time()
    p = subprocess.run([sys.executable, "tools/doc-transcripts.py", "--check"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    report(p.returncode == 0, "style/docs-generated: every generated block of the docs (the "
           "README's boot, the gdb sessions) is what the build gives now", out, None)
    print(f"# style/docs-generated: {time.time() - start:.0f} s")
    with tempfile.TemporaryDirectory() as d:
        doc = os.path.join(d, "stale.md")
        block = f"<!-- generated: sh -->\n```\n$ {GEN_BITES_CMD}\n```\n<!-- end generated -->\n"
        with open(doc, "w") as f:
            f.write("A block.\n" + block)
        subprocess.run([sys.executable, "tools/doc-transcripts.py", doc],
                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        fresh = open(doc).read()
        m = re.search(r"^([0-9a-f]{8}) T __copy_to_user_ll$", fresh, re.M)
        stale = fresh.replace(m.group(0), "c0100000 T __copy_to_user_ll") if m else fresh
        with open(doc, "w") as f:
            f.write(stale)
        p = subprocess.run([sys.executable, "tools/doc-transcripts.py", "--check", doc],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    ok = (m is not None and p.returncode == 1 and f"stale.md:5: the generated block (sh) differs"
          in out and "doc:   c0100000 T __copy_to_user_ll" in out and
          f"build: {m.group(1)} T __copy_to_user_ll" in out)
    report(ok, "style/docs-generated: a generated block that the build no longer gives is "
           "reported, with its line from each side", out + "\n" + fresh, None)


# The last commit whose subject is longer than the rule allows; history is
# not rewritten, so the rule is checked on the commits after it.
SUBJECT_RULE_FROM = "1f56144"
SUBJECT_MAX = 72


def commit_subjects():
    """Every commit after SUBJECT_RULE_FROM has a subject of at most
    SUBJECT_MAX characters (a SKIP outside a git checkout that has it)."""
    name = f"style/commits: every commit subject after {SUBJECT_RULE_FROM} has at most " \
        f"{SUBJECT_MAX} characters"
    known = subprocess.run(["git", "merge-base", "--is-ancestor", SUBJECT_RULE_FROM, "HEAD"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if known.returncode != 0:
        report(True, f"{name} # SKIP no git history with {SUBJECT_RULE_FROM}")
        return
    p = subprocess.run(["git", "log", "--format=%h %s", f"{SUBJECT_RULE_FROM}..HEAD"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = p.stdout.decode(errors="replace").splitlines()
    long = [l for l in lines if len(l.split(" ", 1)[-1]) > SUBJECT_MAX]
    report(p.returncode == 0 and not long, name, "subjects too long:\n" + "\n".join(long))


SPARSE_BAD = "tests/sparse/bad_user.c"


def sparse_bites():
    """make check on a file of deliberate __user mistakes: it must fail, and
    sparse must report each line marked "BAD: message" with that message,
    and nothing else."""
    marks = {}
    with open(SPARSE_BAD) as f:
        for n, line in enumerate(f, 1):
            m = re.search(r"BAD: (.*?) \*/", line)
            if m:
                marks[n] = m.group(1)
    p = subprocess.run(["make", "-s", "--no-print-directory", "check", f"CHECK_SRCS={SPARSE_BAD}"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode(errors="replace")
    got = {}
    for m in re.finditer(rf"^{re.escape(SPARSE_BAD)}:(\d+):\d+: warning: (.*)$", out, re.M):
        got.setdefault(int(m.group(1)), []).append(m.group(2))
    report(p.returncode != 0, "style/sparse-bites: make check fails on a bad file", "", out)
    for n, msg in sorted(marks.items()):
        report(any(msg in w for w in got.get(n, [])),
               f"style/sparse-bites: line {n}: {msg}", "", out)
    extra = sorted(set(got) - set(marks))
    report(not extra, "style/sparse-bites: no warning on an unmarked line",
           f"lines {extra}", out if extra else None)


BUSYBOX = f"{B}/pkgs/busybox-static/bin/busybox"
BB_ENV = {"PATH": "/bin:/sbin", "HOME": "/", "TERM": "vt100"}	# what init gives
BB_BLOCK = re.compile(r"^=== case (\S+)\n(.*?)^=== status \1 (\d+)\n", re.M | re.S)
BB_BATCH = 40	# cases a Mica boot runs


def bb_cases(out):
    """{case: (output, status)} from the busybox driver's output."""
    return {m.group(1): (m.group(2), int(m.group(3))) for m in BB_BLOCK.finditer(out)}


def bb_native(cases):
    """Runs the driver with these cases on this host, from a fresh scratch
    directory; returns its output."""
    bb = os.path.join(ROOT, BUSYBOX)
    scratch = tempfile.mkdtemp(prefix="mica-bb.")
    paths = [os.path.join(ROOT, "tests/busybox/cases", c + ".sh") for c in cases]
    try:
        n = subprocess.run([bb, "sh", os.path.join(ROOT, "tests/busybox/driver.sh"), bb,
                            scratch + "/run"] + paths,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=USER_TIMEOUT, cwd=scratch, env=BB_ENV)
        return n.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode(errors="replace") + "\ntimed out"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bb_mica(cases):
    """Runs the driver with these cases in one Mica boot; returns (its
    output, the kernel log). run-elf installs busybox as /run/busybox and
    the applet links point there too, so /proc/self/exe of every process
    is the very file the links name, as natively."""
    env = dict(os.environ, RUN_ELF_TIMEOUT=str(USER_TIMEOUT), RUN_ELF_CMDLINE=DEBUG_CMDLINE)
    with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
        env["RUN_ELF_LOG"] = kl.name
    try:
        m = subprocess.run(["tools/run-elf", "--add", "tests/busybox=/bb", BUSYBOX, "sh",
                            "/bb/driver.sh", "/run/busybox", "/tmp/bb"] +
                           [f"/bb/cases/{c}.sh" for c in cases],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=USER_TIMEOUT + 30, env=env)
        mica = m.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        mica = (e.stdout or b"").decode(errors="replace") + "\ntimed out"
    klog = open(env["RUN_ELF_LOG"], errors="replace").read()
    os.unlink(env["RUN_ELF_LOG"])
    return mica, klog


def run_busybox():
    """The busybox battery: every tests/busybox/cases/*.sh, run by Debian's
    unmodified busybox (its ash and applets) through tests/busybox/driver.sh,
    once natively on this host and on Mica in one boot per BB_BATCH cases;
    each case's output and exit status must be the same byte for byte, and
    each boot's kernel log clean and without a leak."""
    cases = sorted(f[:-3] for f in os.listdir("tests/busybox/cases") if f.endswith(".sh"))
    cases = [c for c in cases if wanted(f"busybox/{c}")]
    if not cases:
        return
    nat = bb_cases(bb_native(cases))
    for i in range(0, len(cases), BB_BATCH):
        batch = cases[i:i + BB_BATCH]
        mica, klog = bb_mica(batch)
        mic = bb_cases(mica)
        for c in batch:
            name = f"busybox/{c}"
            script = open(f"tests/busybox/cases/{c}.sh").read()
            if c not in nat:
                report(False, name, "no result on Linux")
            elif c not in mic:
                report(False, name, "no result on Mica", mica + "\n---- kernel log ----\n" + klog)
            else:
                same = nat[c] == mic[c]
                diff = first_difference(nat[c][0], mic[c][0])
                report(same, f"{name}: same output and status as on Linux",
                       "" if same else f"Linux: status {nat[c][1]}; Mica: status {mic[c][1]}" +
                       (f"\nfirst difference, line {diff[0]}:\n  Linux: {diff[1]}\n  Mica:  {diff[2]}"
                        if diff else ""),
                       None if same else f"---- script ----\n{script}")
        what = f"busybox/ {batch[0]}..{batch[-1]}"
        sign = bad_signs(klog)
        report(not sign and CRASHED not in mica, f"{what}: the kernel log is clean",
               f"it has '{sign or CRASHED}'" if sign or CRASHED in mica else "",
               klog if sign or CRASHED in mica else None)
        leak_check(what, klog)


def run_bench():
    """make bench's program in its quick mode on Mica, with the files its
    optional lines exec (user/dyn's hello builds): every line of its
    --list must come out and parse as a figure, the run must end with its
    last line, and the kernel log must be clean and without a leak. The
    figures themselves are not looked at."""
    name = "bench/quick"
    if not wanted(name):
        return
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import bench
    prog = f"{B}/user/bench"
    names = subprocess.run([prog, "--list"], stdout=subprocess.PIPE, check=True,
                           stdin=subprocess.DEVNULL).stdout.decode().splitlines()
    env = dict(os.environ, RUN_ELF_TIMEOUT=str(USER_TIMEOUT), RUN_ELF_CMDLINE=DEBUG_CMDLINE)
    with tempfile.NamedTemporaryFile(prefix="mica-klog.", delete=False) as kl:
        env["RUN_ELF_LOG"] = kl.name
    p = subprocess.run(["tools/run-elf", "--add", f"{B}/user-dyn=/run/dyn", prog, "--quick"],
                       env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=USER_TIMEOUT + 30)
    out = p.stdout.decode(errors="replace")
    klog = open(env["RUN_ELF_LOG"], errors="replace").read()
    os.unlink(env["RUN_ELF_LOG"])
    lines, done = bench.parse(out)
    missing = [n for n in names if n not in lines]
    why = (f"exit status {p.returncode}" if p.returncode else
           "no 'bench: done' line" if not done else
           f"{len(missing)} of {len(names)} lines missing: {missing[:5]}" if missing or not names
           else "")
    report(not why, f"{name}: all {len(names)} lines, parsed", why, out if why else None)
    sign = bad_signs(klog)
    report(not sign, f"{name}: the kernel log is clean", f"it has '{sign}'" if sign else "",
           klog if sign else None)
    leak_check(name, klog)


def labs_start():
    """Starts tools/labs.py check (the labs group) in the background, on
    the labs whose names are wanted; it builds and grades every handout
    while the other groups run. Returns (process, output file) or None."""
    if os.path.exists(".handout"):	# a student's tree: its labs are not done yet
        return None
    from importlib import util
    spec = util.spec_from_file_location("labs", "tools/labs.py")
    labs = util.module_from_spec(spec)
    spec.loader.exec_module(labs)
    nums = [n for n in sorted(labs.load_labs()) if wanted(f"labs/{n:02d}: ")]
    if not nums and not wanted("labs: "):
        return None
    out = tempfile.TemporaryFile()
    # -j1: the other core runs this runner's QEMU. A whole run grades the
    # complete tree itself, from its own results (labs_finish).
    p = subprocess.Popen([sys.executable, "tools/labs.py", "check", "-j1"] +
                         (["--no-tree"] if not filters else []) + [str(n) for n in nums],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    return p, out, labs


def labs_finish(started):
    """Waits for the labs group and reports each of its lines."""
    if started is None:
        return
    p, out, labs = started
    if not filters:
        for ok, what, why in labs.tree_facts(RESULTS):
            report(ok, what, why)
    code = p.wait()
    out.seek(0)
    text = out.read().decode(errors="replace")
    seen = 0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(not ok|ok) - (.*)$", line)
        if not m:
            continue
        seen += 1
        why = []
        for more in lines[i + 1:]:
            if not more.startswith("# "):
                break
            why.append(more[2:])
        if wanted(m.group(2)) or m.group(2).startswith("labs: "):
            report(m.group(1) == "ok", m.group(2), "\n".join(why))
    for line in lines:
        if line.startswith("time: "):
            print(f"# labs: {line[6:]}")
    if code not in (0, 1) or not seen:
        report(False, "labs: tools/labs.py check completed", f"exit {code}", text)


def print_failures():
    """Names every failed result again, with the first line of its reason,
    so that the last lines of a long run say what failed."""
    bad = [(name, why) for ok, name, why in RESULTS if not ok]
    if bad:
        print(f"# failed ({len(bad)}):")
    for name, why in bad:
        print(f"#   not ok - {name}" + (f": {why[0]}" if why and why[0] else ""))


def main():
    start = time.time()
    # A runner started as a background job of a shell without job control
    # inherits SIGINT and SIGQUIT ignored, and one started by nohup SIGHUP,
    # and so would every native test program; give them their default
    # dispositions, as a terminal gives.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    labs = labs_start()
    run_style()
    run_host()
    run_ktest()
    run_oops()
    run_mce()
    run_grub()
    run_module_paths()
    run_gdb()
    run_leakcheck()
    run_interactive()
    run_user()
    run_bench()
    run_dyn()
    run_busybox()
    run_fuzz()
    run_faultsweep()
    run_highmem()
    labs_finish(labs)
    print(f"# {time.time() - start:.0f} s")
    print_failures()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


sys.exit(main())
