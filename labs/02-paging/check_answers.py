#!/usr/bin/env python3
"""Check answers-lab2.txt against the kernel in build/.

usage: python3 labs/02-paging/check_answers.py [ANSWERS]

As labs/01-boot-gdb/check_answers.py (whose check() this uses): one
`make gdb` session in batch mode works the right values out of the
running kernel, the way the student finds them: stopped at vdso_init
(the page tables and the page allocator set up), then at the first
system call of the first process. Prints one line per answer, then a
summary as its last line; exits 0 iff all are right.
"""
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "lab1_check", os.path.join(HERE, "..", "01-boot-gdb", "check_answers.py"))
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

USER_VA = 0x08048000	# where the programs' first page is linked
KERNEL_VA = 0xC0800000	# in the direct map, 8 MiB above PAGE_OFFSET
KEYS = ["pdx", "ptx", "pde", "max_low_pfn", "first_pid", "first_name", "stack_end"]
NUMBERS = {"pdx", "ptx", "pde", "max_low_pfn", "first_pid", "stack_end"}
GDB_EX = ["break vdso_init", "continue",
          "print 0x%x >> 22" % USER_VA, "print (0x%x >> 12) & 0x3ff" % USER_VA,
          "print/x kpgdir[0x%x >> 22]" % KERNEL_VA, "print max_low_pfn",
          "break syscall_dispatch", "continue", "ptable", "vmas"]


def expected_values(out):
    """The right answers, parsed from the gdb session's output."""
    want = {}
    vals = re.findall(r"^\$\d+ = (.*)$", out, re.M)
    if len(vals) >= 4:
        want["pdx"], want["ptx"], want["pde"], want["max_low_pfn"] = vals[:4]
    m = re.search(r"^\* pid (\d+)\s+\S+\s+(\S+)$", out, re.M)
    if m:
        want["first_pid"], want["first_name"] = m.group(1), m.group(2)
    m = re.search(r"^  [0-9a-f]{8}-([0-9a-f]{8}) \S+ stack$", out, re.M)
    want["stack_end"] = m and "0x" + m.group(1)
    return want


if __name__ == "__main__":
    sys.exit(base.check("answers-lab2.txt", KEYS, NUMBERS, GDB_EX, expected_values))
