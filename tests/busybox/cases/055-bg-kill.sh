# kill a background job: status 128+signal (the shell's own "Terminated"
# note is left out: whether it prints depends on when it reaps the job)
sleep 10 & p=$!
{ kill $p; wait $p; } 2>/dev/null; echo "TERM: $?"
sleep 10 & p=$!
{ kill -9 $p; wait $p; } 2>/dev/null; echo "KILL: $?"
sleep 10 & p=$!
{ kill -s HUP $p; wait $p; } 2>/dev/null; echo "HUP: $?"
sleep 10 & p=$!
{ kill -USR1 $p; wait $p; } 2>/dev/null; echo "USR1: $?"
kill -0 $$ && echo "kill -0 self works"
kill $p 2>&1 | sed 's/[0-9][0-9]*/PID/'
