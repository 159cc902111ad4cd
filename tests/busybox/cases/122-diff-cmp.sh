# diff (normal output and -u with fixed times) and cmp
printf 'a\nb\nc\nd\n' > x; printf 'a\nB\nc\nd\ne\n' > y
diff x y; echo "diff status $?"
touch -d '2020-01-01 00:00:00' x y; diff -u x y; echo "status $?"
diff x x; echo "same: $?"
diff x nosuch 2>&1; echo "missing: $?"
cmp x y; echo "cmp status $?"
cmp -l x y 2>&1 | head -3; cmp -s x x; echo "cmp same: $?"
printf 'abc' > s; printf 'abcd' > t; cmp s t 2>&1; echo "EOF: $?"
mkdir d1 d2; echo 1 > d1/f; echo 2 > d2/f; echo 3 > d2/g; diff -r d1 d2; echo "dirs: $?"
