#!/usr/bin/env python3
"""Build the initramfs: a cpio "newc" archive, deterministic (mtime 0).

usage: mkinitramfs.py OUT USERDIR prog... -- testbin... [--file SRC=DEST]...
Layout: /sbin/init, /bin/<prog> (all but init), /tests/<name>, /etc/motd,
/etc/passwd and /etc/group (root and nobody, for getpwnam and friends),
/boot/config-RELEASE (user/kconfig: the kernel's configuration options,
RELEASE being uname's, UTS_RELEASE in syscalls/misc.c), the empty
directories /tmp and /dev (the kernel fills /dev), and each --file SRC
(a host file) at DEST (an absolute path) with SRC's permission bits, or,
when SRC is a symbolic link, a link holding the same target; the
directories above DEST are added too.
"""
import os
import re
import sys


def uts_release():
    """The release uname reports, as syscalls/misc.c defines it."""
    with open("syscalls/misc.c") as f:
        m = re.search(r'#define UTS_RELEASE "([^"]+)"', f.read())
    if not m:
        sys.exit("mkinitramfs: no UTS_RELEASE in syscalls/misc.c")
    return m.group(1)


def entry(name, mode, data, ino):
    name_b = name.encode() + b"\0"
    hdr = "070701" + "".join(
        f"{v:08X}" for v in (ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0)
    )
    out = hdr.encode() + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main():
    out, userdir = sys.argv[1], sys.argv[2]
    rest = sys.argv[3:]
    extra = []
    while "--file" in rest:
        i = rest.index("--file")
        src, dest = rest[i + 1].split("=", 1)
        dest = dest.lstrip("/")
        parts = dest.split("/")[:-1]
        for n in range(1, len(parts) + 1):
            d = "/".join(parts[:n])
            if (d, 0o040755, b"") not in extra:
                extra.append((d, 0o040755, b""))
        if os.path.islink(src):
            extra.append((dest, 0o120777, os.readlink(src).encode()))
        else:
            extra.append((dest, 0o100000 | (os.stat(src).st_mode & 0o7777),
                          open(src, "rb").read()))
        del rest[i:i + 2]
    sep = rest.index("--") if "--" in rest else len(rest)
    progs, tests = rest[:sep], rest[sep + 1:]
    files = []  # (path, mode, data)
    for d in ("bin", "sbin", "tests", "etc", "boot", "tmp", "dev"):
        files.append((d, 0o041777 if d == "tmp" else 0o040755, b""))
    for p in progs:
        data = open(os.path.join(userdir, p), "rb").read()
        path = "sbin/init" if p == "init" else "bin/" + p
        files.append((path, 0o100755, data))
    for t in tests:
        files.append(("tests/" + os.path.basename(t), 0o100755, open(t, "rb").read()))
    for f in ("motd", "passwd", "group"):
        files.append(("etc/" + f, 0o100644, open("user/" + f, "rb").read()))
    files.append(("boot/config-" + uts_release(), 0o100644, open("user/kconfig", "rb").read()))
    # a directory is listed once, before anything in it
    files += [e for e in extra if e[1] != 0o040755 or e not in files]
    blob = b""
    for ino, (path, mode, data) in enumerate(files, 1):
        blob += entry(path, mode, data, ino)
    blob += entry("TRAILER!!!", 0, b"", 0)
    blob += b"\0" * (-len(blob) % 512)
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()
