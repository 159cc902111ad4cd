# awk BEGIN and END, patterns, ranges, next and exit
seq 1 10 > n
awk 'BEGIN { print "start" } END { print "end", NR }' n
awk '$1 % 3 == 0' n
awk '/^4/,/^6/ { printf "%s ", $0 } END { print "" }' n
awk 'NR == 2 { next } NR < 5 { print }' n
awk '{ if ($1 > 3) exit 7; print }' n; echo "status $?"
awk 'END { print $0 }' n
awk 'BEGIN { exit } END { print "END runs after exit" }'
