# job control in a script: jobs, %N and wait; set -m needs a terminal
sleep 5 & sleep 6 &
jobs | sed 's/ *sleep.*//'
{ kill %1; wait %1; } 2>/dev/null; echo "%1 killed: $?"
{ kill %2; wait; } 2>/dev/null; echo "all reaped"
(set -m) 2>&1 | head -1; echo "set -m: done"
