# wc -l -w -c -m -L, several files and stdin
printf 'one two\nthree\n\nfour five six\n' > t
wc t; wc -l t; wc -w t; wc -c t; wc -L t
wc -l < t; printf 'no newline' | wc -l
printf 'x\n' > u; wc t u
: > empty; wc empty
wc nosuch 2>&1; echo "status $?"
