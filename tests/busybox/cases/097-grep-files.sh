# grep -r -l -L -h -H, several files, -A -B -C
mkdir -p d/sub; echo needle > d/a; echo hay > d/b; echo 'x needle y' > d/sub/c
grep -r needle d | sort; grep -rl needle d | sort; grep -L needle d/a d/b
grep needle d/a d/b; grep -h needle d/a d/sub/c; grep -H needle d/a
seq 1 10 > n
grep -A1 5 n; grep -B2 5 n
grep -C1 -e 3 -e 8 n
