(sleep 0; echo bg done) &
wait
echo after wait
sleep 5 &
p=$!
kill $p
# the shell's "Terminated" note prints only if the job dies while wait
# waits, so it depends on timing: it is left out
wait $p 2>/dev/null; echo "status $?"
