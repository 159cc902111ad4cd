seq 1 10 > s
head -3 s; tail -2 s
echo a:b:c | cut -d: -f2
echo hello | cut -c2-4
