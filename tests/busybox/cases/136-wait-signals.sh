# wait is interrupted by a trapped signal; the job keeps running (the
# signal is sent once the shell sleeps in wait: state S in /proc/PID/stat)
sh -c '
trap "echo trapped USR1" USR1
sleep 10 & p=$!
(until [ "$(cut -d" " -f3 /proc/$$/stat)" = S ]; do sleep 0.05; done; kill -USR1 $$) &
wait $p; echo "wait returned $?"
kill -0 $p && echo "still running"
{ kill $p; wait $p; } 2>/dev/null; echo "then $?"
'
sh -c 'sleep 10 & { kill $!; wait $!; } 2>/dev/null; echo "killed sleep: $?"'
