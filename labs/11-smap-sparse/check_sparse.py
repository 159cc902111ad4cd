#!/usr/bin/env python3
"""Lab 11's sparse check: make check on arch/x86/flushcache.c alone (the
whole tree's make check takes a minute or two). Passes when sparse says
nothing; else prints sparse's output and, last, its first warning."""
import subprocess
import sys

FILE = "arch/x86/flushcache.c"
r = subprocess.run(["make", "-s", "check", f"CHECK_SRCS={FILE}"], capture_output=True, text=True)
out = (r.stdout + r.stderr).strip()
if r.returncode == 0:
    print(f"sparse: {FILE} is clean")
    sys.exit(0)
print(out)
warnings = [line for line in out.splitlines() if ": warning:" in line or ": error:" in line]
print(warnings[0] if warnings else f"make check failed on {FILE} (status {r.returncode})")
sys.exit(1)
