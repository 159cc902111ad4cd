# The busybox battery's driver, run by busybox's own ash on Linux and on
# Mica with the same arguments:  sh driver.sh CASEDIR SCRATCH
# Each CASEDIR/*.sh runs as "sh CASE" in a fresh directory SCRATCH/NAME,
# with stdin from /dev/null and stderr merged into stdout; the driver
# prints, for each case,
#   === case NAME
#   ...everything the case printed...
#   === status NAME N
# and tests/run.py compares the two sides case by case.
cases=$1
scratch=$2
mkdir -p "$scratch" || exit 1
for f in "$cases"/*.sh; do
	n=${f##*/}
	n=${n%.sh}
	mkdir -p "$scratch/$n"
	echo "=== case $n"
	(cd "$scratch/$n" && exec sh "$f" </dev/null 2>&1)
	echo "=== status $n $?"
done
