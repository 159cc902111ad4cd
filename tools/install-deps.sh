#!/usr/bin/env bash
# Install every Debian package the project needs, without prompts.
# Runs apt-get as root, or through sudo when not root. Safe to run twice.
set -eu

need_bins="i686-linux-gnu-gcc i686-linux-gnu-ld qemu-system-i386 grub-mkrescue xorriso mformat gdb python3 i386-linux-musl-gcc cpio"
missing=0
for b in $need_bins; do
	command -v "$b" >/dev/null 2>&1 || missing=1
done
[ -d /usr/lib/grub/i386-pc ] || missing=1
if [ "$missing" = 0 ] && [ "${1:-}" != "--force" ]; then
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
$SUDO apt-get install -y -qq --no-install-recommends \
	make gcc libc6-dev gcc-i686-linux-gnu binutils-i686-linux-gnu \
	qemu-system-x86 grub-pc-bin grub-common xorriso mtools gdb python3 \
	cpio musl-dev:i386 musl-tools >/dev/null
echo "install-deps: done"
