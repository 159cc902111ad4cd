#!/usr/bin/env python3
"""`make bench`: run user/bench on Mica under QEMU with -icount shift=0 (so
rdtsc counts guest instructions and the numbers repeat exactly), then the
same binary natively on this host for scale. Extra arguments filter by name."""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
prog = os.path.join(ROOT, "build/user/bench")
env = dict(os.environ, QEMU_OPTS=os.environ.get("QEMU_OPTS", "-icount shift=0"),
           RUN_ELF_TIMEOUT="600")
print("== Mica (QEMU, %s) ==" % env["QEMU_OPTS"], flush=True)
# user/dyn/hello's static and dynamic builds, for the exec hello lines
dyn = os.path.join(ROOT, "build/user-dyn")
r = subprocess.run([os.path.join(ROOT, "tools/run-elf"), "--add", f"{dyn}=/run/dyn", prog] +
                   sys.argv[1:], env=env, stdin=subprocess.DEVNULL)
print("== Linux, natively on this host (real cycles, for scale) ==", flush=True)
n = subprocess.run([prog] + sys.argv[1:], stdin=subprocess.DEVNULL, cwd="/tmp",
                   env=dict(os.environ, BENCH_DYN=dyn))
sys.exit(r.returncode or n.returncode)
