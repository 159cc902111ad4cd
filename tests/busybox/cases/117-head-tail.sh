# head and tail: -n -c, +N, negative counts, several files
seq 1 20 > n
head n | tail -1; head -n 3 n
head -c 5 n | od -c | head -1
tail -n 3 n; tail -n +18 n
tail -c 6 n
head -n -17 n
printf 'a\n' > a; printf 'b\n' > b; head a b; tail -n 1 a b
printf 'no newline' | tail -c 3; echo
head nosuch 2>&1; echo "missing: $?"
