# paste of files side by side, -d, -s, stdin
printf '1\n2\n3\n' > a; printf 'x\ny\n' > b
paste a b; paste -d, a b; paste -s a; paste -s -d: a b
seq 1 6 | paste - - -
paste -d '+-' a a a
