# background jobs: $!, wait PID's status, wait for all
sh -c 'exit 3' & p=$!
wait $p; echo "wait status $?"
mkfifo f
(read x < f; echo slow) & (echo fast; echo go > f) &
wait; echo "all done"
sh -c 'exit 7' & q=$!; sh -c 'exit 8' & r=$!
wait $r; echo "second: $?"; wait $q; echo "first: $?"
wait; echo "nothing left: $?"
[ -n "$!" ] && echo "\$! is set"
