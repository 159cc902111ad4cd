# truncate -s grows and shrinks, holes read as zeros
echo hello > f; truncate -s 3 f; cat f; echo
truncate -s 10 f; wc -c < f; od -c f | head -1
truncate -s 0 f; wc -c < f
truncate -s 5 new; wc -c < new; od -An -c new
