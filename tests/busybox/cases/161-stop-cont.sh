# SIGSTOP and SIGCONT to a background job, then its end by a signal
sleep 10 & p=$!
kill -STOP $p; kill -CONT $p
{ kill $p; wait $p; } 2>/dev/null; echo "stopped, continued, killed: $?"
sleep 10 & p=$!
kill -STOP $p; { kill -KILL $p; wait $p; } 2>/dev/null; echo "killed while stopped: $?"
sh -c 'kill -STOP $$; echo "resumed"' & p=$!
# the SIGCONT must come after the stop: wait for state T in /proc/PID/stat
until [ "$(cut -d' ' -f3 /proc/$p/stat)" = T ]; do sleep 0.05; done
kill -CONT $p; wait $p; echo "self-stopped child: $?"
