# The busybox battery's driver, run by busybox's own ash on Linux and on
# Mica with the same arguments:
#   sh driver.sh BUSYBOX SCRATCH CASE.sh...
# It first makes SCRATCH/bin, a symbolic link to BUSYBOX for every applet,
# and makes it the whole PATH, so every command a case runs, directly or
# through /bin/sh (awk's system(), popen) or a PATH search (which, env,
# xargs), is the same busybox applet on both sides; a command that is not
# an applet is "not found" on both; TZ is UTC. SCRATCH/cases links to the
# directory of the cases, and each CASE runs as "sh ../cases/NAME.sh" (so
# $0 and the shell's messages are the same on both sides; all cases must
# be in one directory) in a fresh directory SCRATCH/NAME,
# removed afterwards, with stdin from /dev/null and stderr merged into
# stdout (a hang is caught by the time limit of the whole run: a timeout
# wrapper would cost each case another exec); for each case the driver
# prints
#   === case NAME
#   ...everything the case printed...
#   === status NAME N
# and tests/run.py compares the two sides case by case.
bb=$1
scratch=$2
shift 2
mkdir -p "$scratch/bin" || exit 1
for a in $("$bb" --list); do
	ln -s "$bb" "$scratch/bin/$a" || exit 1
done
export PATH="$scratch/bin" TZ=UTC
[ $# -gt 0 ] && ln -s "$(cd "$(dirname "$1")" && pwd)" "$scratch/cases" || exit 1
for f; do
	n=${f##*/}
	n=${n%.sh}
	mkdir "$scratch/$n" || exit 1
	echo "=== case $n"
	(cd "$scratch/$n" && exec sh "../cases/$n.sh" </dev/null 2>&1)
	echo "=== status $n $?"
	rm -rf "$scratch/$n"
done
