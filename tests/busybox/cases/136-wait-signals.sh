# wait is interrupted by a trapped signal; the job keeps running
sh -c '
trap "echo trapped USR1" USR1
sleep 0.5 & p=$!
(sleep 0.2; kill -USR1 $$) &
wait $p; echo "wait returned $?"
wait $p; echo "then $?"
'
sh -c 'sleep 10 & { kill $!; wait $!; } 2>/dev/null; echo "killed sleep: $?"'
