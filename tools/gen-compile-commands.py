#!/usr/bin/env python3
"""Write compile_commands.json for editors (clangd) from the kernel object list.

usage: gen-compile-commands.py CC CFLAGS src-stem...
Each stem is a path without extension; the .c or .S file that exists is used.
"""
import json
import os
import sys

cc, cflags, stems = sys.argv[1], sys.argv[2], sys.argv[3:]
root = os.getcwd()
out = []
for stem in stems:
    for ext in (".c", ".S"):
        src = stem + ext
        if os.path.exists(src):
            out.append({
                "directory": root,
                "file": src,
                "command": f"{cc} {cflags} -c {src} -o build/obj/{stem}.o",
            })
            break
print(json.dumps(out, indent=1))
