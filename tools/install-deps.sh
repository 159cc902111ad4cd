#!/usr/bin/env bash
# Install every Debian package the project needs, without prompts, and
# download the packages whose files go into the guest.
# Runs apt-get as root, or through sudo when not root. Safe to run twice.
#
# Two kinds of package:
#  - tools for the host (compilers, QEMU, GRUB, gdb, sparse, clang-format):
#    installed with apt-get install;
#  - i386 packages whose files run inside Mica (busybox-static:i386, and
#    libc6:i386 for glibc's dynamic loader and shared libraries): only
#    fetched with apt-get download into build/debs/, never installed on the
#    host; the Makefile unpacks them with dpkg-deb into build/pkgs/.
# With --bench, also Debian's i386 Linux kernel, the package the
# linux-image-686 metapackage depends on, which make bench-linux boots
# (docs/bench.md): fetched the same way, never installed.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEBDIR=${DEBDIR:-$ROOT/build/debs}
need_bins="i686-linux-gnu-gcc i686-linux-gnu-ld qemu-system-i386 grub-mkrescue xorriso mformat gdb python3 i386-linux-musl-gcc cpio sparse clang-format dpkg-deb"
guest_debs="busybox-static:i386 libc6:i386"
bench=0
[ "${1:-}" = "--bench" ] && bench=1

# Is a .deb of package $1 (name:arch) already in DEBDIR?
have_deb() {
	ls "$DEBDIR/${1%%:*}_"*"_${1##*:}.deb" >/dev/null 2>&1
}

missing=0
for b in $need_bins; do
	command -v "$b" >/dev/null 2>&1 || missing=1
done
[ -d /usr/lib/grub/i386-pc ] || missing=1
[ -f /usr/i686-linux-gnu/lib/libc.a ] || missing=1	# glibc for -static i386 builds
missing_debs=
for p in $guest_debs; do
	have_deb "$p" || missing_debs="$missing_debs $p"
done
# the kernel image is linux-image-VERSION-686, whatever VERSION is today
have_kernel_deb() {
	ls "$DEBDIR"/linux-image-*-686_*_i386.deb >/dev/null 2>&1
}
need_kernel=0
[ "$bench" = 1 ] && ! have_kernel_deb && need_kernel=1
if [ "$missing" = 0 ] && [ -z "$missing_debs" ] && [ "$need_kernel" = 0 ] && [ "${1:-}" != "--force" ]; then
	exit 0
fi

if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo -n"
else
	echo "install-deps: need root or sudo to install packages" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx i386; then
	$SUDO dpkg --add-architecture i386
fi
$SUDO apt-get update -qq || $SUDO apt-get update -qq || echo "install-deps: apt-get update reported errors; trying install anyway" >&2
if [ "$missing" = 1 ] || [ "${1:-}" = "--force" ]; then
	$SUDO apt-get install -y -qq --no-install-recommends \
		make gcc libc6-dev gcc-i686-linux-gnu binutils-i686-linux-gnu \
		libc6-dev-i386-cross qemu-system-x86 grub-pc-bin grub-common xorriso \
		mtools gdb python3 cpio musl-dev:i386 musl-tools sparse clang-format \
		dpkg >/dev/null
fi
mkdir -p "$DEBDIR"
for p in $guest_debs; do
	have_deb "$p" && continue
	# apt-get download works as any user; as root it warns that it cannot
	# drop privileges to _apt for the download, which is harmless here
	(cd "$DEBDIR" && apt-get download -qq "$p" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true)
	have_deb "$p" || { echo "install-deps: could not download $p" >&2; exit 1; }
done
if [ "$need_kernel" = 1 ]; then
	kpkg=$(apt-cache depends linux-image-686:i386 | sed -n 's/^ *Depends: \(linux-image-[^ ]*-686\).*/\1/p' | head -1)
	[ -n "$kpkg" ] || { echo "install-deps: linux-image-686:i386 depends on no kernel image" >&2; exit 1; }
	(cd "$DEBDIR" && apt-get download -qq "$kpkg:i386" 2>&1 | grep -v "^W: Download is performed unsandboxed" || true)
	have_kernel_deb || { echo "install-deps: could not download $kpkg" >&2; exit 1; }
fi
echo "install-deps: done"
