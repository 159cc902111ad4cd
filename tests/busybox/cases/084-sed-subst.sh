# sed s///: flags g, N, p, I, &, groups, other delimiters, -E
printf 'aaa bbb\nabab\n' > t
sed 's/a/X/' t; sed 's/a/X/g' t; sed 's/a/X/2' t
sed -n 's/b/B/p' t
echo Hello | sed 's/hello/bye/I'
echo path/to/file | sed 's|/|::|g'
echo 'abc 123' | sed 's/[0-9][0-9]*/<&>/'
echo 'john smith' | sed -E 's/(\w+) (\w+)/\2, \1/'
echo 'a.b.c' | sed 's/\./\n/g'
