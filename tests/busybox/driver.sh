# The busybox battery's driver, run by busybox's own ash on Linux and on
# Mica with the same arguments:
#   sh driver.sh BUSYBOX SCRATCH CASE.sh...
# It first makes SCRATCH/bin, a symbolic link to BUSYBOX for every applet,
# and makes it the whole PATH, so every command a case runs, directly or
# through /bin/sh (awk's system(), popen) or a PATH search (which, env,
# xargs), is the same busybox applet on both sides; a command that is not
# an applet is "not found" on both. Then each CASE runs as "sh CASE" in a
# fresh directory SCRATCH/NAME, with stdin from /dev/null, stderr merged
# into stdout and at most CASE_TIMEOUT seconds (then SIGKILL); for each
# case the driver prints
#   === case NAME
#   ...everything the case printed...
#   === status NAME N
# and tests/run.py compares the two sides case by case.
CASE_TIMEOUT=30
bb=$1
scratch=$2
shift 2
mkdir -p "$scratch/bin" || exit 1
for a in $("$bb" --list); do
	ln -s "$bb" "$scratch/bin/$a" || exit 1
done
export PATH="$scratch/bin"
for f; do
	n=${f##*/}
	n=${n%.sh}
	mkdir -p "$scratch/$n"
	echo "=== case $n"
	(cd "$scratch/$n" && exec timeout -s KILL $CASE_TIMEOUT sh "$f" </dev/null 2>&1)
	echo "=== status $n $?"
done
