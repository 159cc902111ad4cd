(sleep 0; echo bg done) &
wait
echo after wait
sleep 5 &
p=$!
kill $p
wait $p; echo "status $?"
