# sleep and timeout: statuses, signals and exec errors
sleep 0; echo "sleep 0: $?"
sleep 0.1; echo "sleep 0.1: $?"
timeout 5 true; echo "in time: $?"
timeout 5 sh -c 'exit 3'; echo "command status: $?"
timeout -s KILL 1 sleep 5; echo "timed out, KILL: $?"
timeout 5 nosuchcmd 2>/dev/null; echo "missing: $?"
sleep bad 2>&1; echo "bad sleep: $?"
