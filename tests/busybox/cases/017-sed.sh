printf 'hello world\nfoo bar\n' > t
sed 's/o/0/g' t
sed -n '2p' t
sed -e '1d' -e 's/bar/baz/' t
echo abc | sed 's/\(a\)\(b\)/\2\1/'
